package dev.backgroundjobs.it;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the ShrinkWrap archives the integration tests deploy.
 *
 * <p>{@link #webArchive(String)} returns a WAR whose {@code WEB-INF/lib} already holds the
 * background-jobs module jar and its runtime dependencies (jedis 8 and what it needs). The jar list
 * comes from the build: {@code it/pom.xml} runs {@code dependency:build-classpath} on the runtime scope
 * and hands the result to failsafe as the system property {@value #LIBS_PROPERTY}, so no Maven resolver
 * runs inside the test JVM. The test adds its own classes and resources on top.
 */
public final class Deployments {

    /** Path-separator-separated list of the jars for {@code WEB-INF/lib}, set by failsafe. */
    public static final String LIBS_PROPERTY = "deployment.libs";

    private Deployments() {
    }

    /**
     * A WAR with the module, its runtime dependencies and an empty {@code beans.xml}
     * (bean-discovery-mode annotated by default in CDI 4).
     *
     * @param name archive name; ".war" is appended when missing
     */
    public static WebArchive webArchive(String name) {
        String archiveName = name.endsWith(".war") ? name : name + ".war";
        return ShrinkWrap.create(WebArchive.class, archiveName)
                .addAsLibraries(libraries().toArray(new File[0]))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** The jars that {@link #webArchive(String)} puts into {@code WEB-INF/lib}. */
    public static List<File> libraries() {
        String value = System.getProperty(LIBS_PROPERTY);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property '" + LIBS_PROPERTY + "' is not set: run the"
                    + " integration tests through Maven (mvn -f it/pom.xml verify) so that failsafe passes the"
                    + " module's runtime jars");
        }
        List<File> jars = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            File jar = new File(entry.trim());
            if (!jar.isFile()) {
                throw new IllegalStateException("Deployment library " + jar + " does not exist");
            }
            jars.add(jar);
        }
        if (jars.stream().noneMatch(f -> f.getName().startsWith("background-jobs-"))) {
            throw new IllegalStateException("The background-jobs module jar is missing from " + jars);
        }
        return jars;
    }
}
