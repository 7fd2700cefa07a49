/**
 * What an application uses to run background jobs: mark a CDI bean {@link dev.backgroundjobs.BackgroundJob}
 * (optionally {@link dev.backgroundjobs.Recurring} or {@link dev.backgroundjobs.UniqueJob}), send it with the
 * injectable {@link dev.backgroundjobs.JobQueue}, follow it through {@link dev.backgroundjobs.JobStatus}, and
 * look after the jobs that failed for good with {@link dev.backgroundjobs.FailedJobs}.
 *
 * <p>Jobs, queues and workers are stored in Redis in Resque's layout, so Ruby Resque, PHP-Resque, Jesque and
 * node-resque producers and workers share them. Configuration is read through MicroProfile Config
 * ({@code background-jobs.*} keys); an invalid job class or configuration value fails the deployment with a
 * message naming the class or key. Lifecycle events are in {@link dev.backgroundjobs.event}.
 */
package dev.backgroundjobs;
