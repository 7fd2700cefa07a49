/**
 * CDI events fired as jobs are sent and run: observe {@link dev.backgroundjobs.event.JobEvent} for all of
 * them, or one kind ({@code @Observes JobDead}, {@code @ObservesAsync JobSucceeded}). A run fires
 * {@link dev.backgroundjobs.event.JobStarted}, then {@link dev.backgroundjobs.event.JobSucceeded} or
 * {@link dev.backgroundjobs.event.JobFailed} followed by {@link dev.backgroundjobs.event.JobRetried} or
 * {@link dev.backgroundjobs.event.JobDead}. An observer that throws is logged; the job carries on.
 */
package dev.backgroundjobs.event;
