package dev.backgroundjobs.it.readme;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import jakarta.inject.Inject;

/** The README's long job: renders a report page by page, and says how far it got. */
@BackgroundJob(queue = "reports", trackStatus = true)
public class RenderReport {

    @Inject
    JobContext context;

    public void perform(long reportId, int pages) throws InterruptedException {
        for (int page = 1; page <= pages && !context.cancelRequested(); page++) {
            Thread.sleep(250);   // rendering one page
            context.reportProgress(page * 100 / pages, "page " + page + " of " + pages + " of report " + reportId);
        }
    }
}
