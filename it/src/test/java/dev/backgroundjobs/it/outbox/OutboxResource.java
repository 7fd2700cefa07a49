package dev.backgroundjobs.it.outbox;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbox tests' application: endpoints that run N separate transactions, each committing (or
 * rolling back) one order and its job, and one that shows what the database holds.
 */
@Path("/outbox")
@ApplicationScoped
public class OutboxResource {

    @Inject
    Orders orders;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private final List<CommitWindow> windows = new ArrayList<>();

    @GET
    @Path("/ready")
    public String ready() throws SQLException {
        orders.createTable();
        return "ready";
    }

    @POST
    @Path("/reset")
    public String reset(@QueryParam("batch") String batch) throws SQLException {
        orders.reset(batch);
        return "reset";
    }

    /** {@code count} transactions, each committing order {@code from + i} and its job; returns how many committed. */
    @POST
    @Path("/commit")
    public int commit(@QueryParam("batch") String batch, @QueryParam("from") long from, @QueryParam("count") int count)
            throws SQLException {
        for (int i = 0; i < count; i++) {
            orders.place(batch, from + i);
        }
        return count;
    }

    /**
     * {@code count} transactions that write an order and enqueue its job, then roll back: the even ones by
     * throwing, the odd ones by setRollbackOnly. Returns how many rolled back.
     */
    @POST
    @Path("/rollback")
    public int rollback(@QueryParam("batch") String batch, @QueryParam("from") long from, @QueryParam("count") int count)
            throws SQLException {
        int rolledBack = 0;
        for (int i = 0; i < count; i++) {
            long id = from + i;
            if (id % 2 == 0) {
                try {
                    orders.placeAndThrow(batch, id);
                } catch (Orders.RolledBack expected) {
                    rolledBack++;
                }
            } else {
                orders.placeAndMarkRollback(batch, id);
                rolledBack++;
            }
        }
        return rolledBack;
    }

    /**
     * {@code count} transactions on threads of their own, each committing an order and its job and then
     * held in the window after the commit (see {@link CommitWindow}) until {@link #release}. Answers once
     * all have committed (or after 60 s) with how many did.
     */
    @POST
    @Path("/hold")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> hold(@QueryParam("batch") String batch, @QueryParam("from") long from,
                                    @QueryParam("count") int count) throws InterruptedException {
        CommitWindow window = new CommitWindow(count);
        synchronized (windows) {
            windows.add(window);
        }
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            long id = from + i;
            threads.newThread(() -> {
                try {
                    orders.placeAndHold(batch, id, window.hold());
                } catch (Exception e) {
                    failed.incrementAndGet();
                    e.printStackTrace();
                }
            }).start();
        }
        boolean all = window.awaitCommitted(60);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("committed", window.committed(count));
        answer.put("all", all);
        answer.put("failed", failed.get());
        return answer;
    }

    /** Lets every held transaction go on. */
    @POST
    @Path("/release")
    public int release() {
        synchronized (windows) {
            windows.forEach(CommitWindow::release);
            int released = windows.size();
            windows.clear();
            return released;
        }
    }

    @GET
    @Path("/state")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> state(@QueryParam("batch") String batch) throws SQLException {
        return orders.state(batch);
    }

    /** The REST application of the outbox test deployments. */
    @ApplicationPath("/rest")
    public static class OutboxApplication extends Application {
    }

    /** A failing SQL statement answers 500 with its message (which the test prints), not an error page. */
    @Provider
    public static class SqlFailure implements ExceptionMapper<SQLException> {
        @Override
        public Response toResponse(SQLException e) {
            return Response.serverError().type(MediaType.TEXT_PLAIN).entity(e.toString()).build();
        }
    }
}
