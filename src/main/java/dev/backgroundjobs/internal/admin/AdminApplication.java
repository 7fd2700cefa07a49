package dev.backgroundjobs.internal.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The admin API ({@code /background-jobs/api}) and the dashboard ({@code /background-jobs/dashboard/})
 * in the application's context root, behind {@link AdminAccessFilter}.
 */
@ApplicationPath(AdminApplication.PATH)
public class AdminApplication extends Application {

    static final String PATH = "background-jobs";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AdminResource.class, DashboardResource.class, LimitsAdminResource.class);
    }
}
