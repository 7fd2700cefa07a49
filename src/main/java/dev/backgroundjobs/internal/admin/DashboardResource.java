package dev.backgroundjobs.internal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.util.Map;

/** The dashboard: one page and its script and style, served from the module's jar. */
@Path(DashboardResource.PATH)
@RequestScoped
public class DashboardResource {

    static final String PATH = "dashboard";
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=UTF-8",
            "app.js", "text/javascript; charset=UTF-8",
            "style.css", "text/css; charset=UTF-8");

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    @GET
    public Response page() {
        AdminResource.requireGranted(request);
        // The page loads its assets and the API by relative URLs, which need the trailing slash.
        if (!uri.getPath().endsWith("/")) {
            return Response.seeOther(uri.getRequestUriBuilder().path("/").build()).build();
        }
        return file("index.html");
    }

    @GET
    @Path("{file}")
    public Response asset(@PathParam("file") String name) {
        AdminResource.requireGranted(request);
        return file(name);
    }

    private static Response file(String name) {
        String type = FILES.get(name);
        InputStream content = type == null ? null : DashboardResource.class.getResourceAsStream("dashboard/" + name);
        if (content == null) {
            throw new NotFoundException();
        }
        return Response.ok(content, type).header("Content-Security-Policy", CONTENT_SECURITY_POLICY).build();
    }
}
