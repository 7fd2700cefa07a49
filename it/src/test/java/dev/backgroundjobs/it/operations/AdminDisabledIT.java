package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.it.support.AdminClient;

import dev.backgroundjobs.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without background-jobs.admin.enabled the API and dashboard are not there, even for an admin. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminDisabledIT {

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("admin-off")
                .addClasses(OpsJob.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-admin-off",
                        "background-jobs.pool.default.concurrency=1")), "META-INF/microprofile-config.properties");
    }

    @Test
    void theApiAndTheDashboardAreAbsent() throws Exception {
        AdminClient admin = AdminClient.as(base, "admin");
        assertEquals(404, admin.get("background-jobs/api/overview").statusCode());
        assertEquals(404, admin.get("background-jobs/api/failed").statusCode());
        assertEquals(404, admin.post("background-jobs/api/failed/retry-all").statusCode());
        assertEquals(404, admin.get("background-jobs/dashboard/").statusCode());
        assertEquals(404, AdminClient.as(base, null).get("background-jobs/api/overview").statusCode());
    }
}
