package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.internal.config.AdminSettings;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * The one gate of the admin API and dashboard: absent (404) unless enabled; otherwise every request
 * needs an authenticated user (the browser is asked with the application's login method) in the read
 * or the write role, and every change needs the write role and the {@value #CSRF_HEADER} header,
 * which a page of another origin cannot send without the browser asking this server first. Requests
 * that pass carry {@link #GRANTED}, which the resources check, so they stay absent wherever else an
 * application's JAX-RS scanning may place them.
 */
@WebFilter(urlPatterns = "/" + AdminApplication.PATH + "/*", asyncSupported = true)
public class AdminAccessFilter extends HttpFilter {

    static final String GRANTED = AdminAccessFilter.class.getName() + ".granted";
    static final String CSRF_HEADER = "X-Requested-By";
    static final String CSRF_VALUE = "background-jobs";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    BackgroundJobsConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        AdminSettings admin = config.admin();
        if (!admin.enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        if (request.getUserPrincipal() == null && !request.authenticate(response)) {
            return;
        }
        boolean write = !READ_METHODS.contains(request.getMethod());
        boolean allowed = request.isUserInRole(admin.writeRole()) || !write && request.isUserInRole(admin.readRole());
        if (!allowed) {
            String needed = write ? "the role " + admin.writeRole() : "the role " + admin.readRole() + " or " + admin.writeRole();
            deny(response, "user " + request.getUserPrincipal().getName() + " needs " + needed);
            return;
        }
        if (write && !CSRF_VALUE.equals(request.getHeader(CSRF_HEADER))) {
            deny(response, "a change needs the header " + CSRF_HEADER + ": " + CSRF_VALUE + " (protection against "
                    + "cross-site requests)");
            return;
        }
        if (write && !sameOrigin(request)) {
            deny(response, "a change must come from a page of this server, not from " + request.getHeader("Origin"));
            return;
        }
        String rootPath = request.getContextPath() + "/" + AdminApplication.PATH;
        if (request.getRequestURI().equals(rootPath) || request.getRequestURI().equals(rootPath + "/")) {
            response.sendRedirect(rootPath + "/" + DashboardResource.PATH + "/");
            return;
        }
        request.setAttribute(GRANTED, Boolean.TRUE);
        chain.doFilter(request, response);
    }

    /** Browsers send Origin with cross-origin writes; when they do, it must be this server. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            return host != null && host.equalsIgnoreCase(uri.getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void deny(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.createObjectBuilder().add("error", reason).build().toString());
    }
}
