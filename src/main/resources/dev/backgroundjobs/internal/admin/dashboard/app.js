/* background-jobs dashboard: plain DOM + fetch, no dependencies.
 * All API text goes into the page through textContent / text nodes, never through innerHTML. */
'use strict';
(() => {
  const API = '../api/';                 // relative, so the context root does not matter
  const PAGE_SIZE = 20;
  const FAST_MS = 2000;                   // overview, queues, workers, pools
  const LIST_MS = 5000;                   // failed/delayed/retrying/recurring are heavier and change less often
  const CHART_MS = 10000;
  const REQUEST_TIMEOUT_MS = 8000;        // a hung request must not stall the polling loop
  const STALE_HEARTBEAT_S = 120;

  const state = {
    me: null,
    offsets: { failed: 0, delayed: 0, retrying: 0 },
    openBacktraces: new Set(),            // digests, so an open backtrace survives the periodic re-render
    signatures: new Map(),                // last rendered JSON per view: unchanged data is not re-rendered
    failures: new Map(),                  // endpoint -> last error, drives the header indicator
    throughput: null,
    recovering: false,
    hoverIndex: -1,
    chartGeometry: null,
    lookupId: null,                       // the job the lookup shows, refreshed while it runs
    lookupTimer: null,
  };

  const $ = (selector) => document.querySelector(selector);

  /* ---------- DOM helpers ---------- */

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child)); // strings become text nodes
    }
    return node;
  }

  function button(label, className, onClick) {
    return el('button', { type: 'button', class: 'btn btn-sm ' + className, onclick: onClick }, label);
  }

  function pill(text, tone) {
    return el('span', { class: 'pill' + (tone ? ' pill-' + tone : '') }, text);
  }

  function queuePills(queues) {
    return el('span', { class: 'pill-list' },
      (queues || []).map((q) => pill(q === '*' ? 'all queues' : q, 'queue')));
  }

  function fillTable(selector, rows, emptyText) {
    const tbody = $(selector + ' tbody');
    const headers = [...$(selector + ' thead tr').children].map((th) => th.textContent.trim());
    const columns = headers.length;
    // data-label lets the narrow-screen CSS turn each row into a labelled card
    for (const row of rows) [...row.children].forEach((td, i) => { if (headers[i]) td.dataset.label = headers[i]; });
    tbody.replaceChildren(...(rows.length ? rows
      : [el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' }, emptyText))]));
  }

  /** Returns true when data differs from what the view last rendered. Skipping identical renders keeps
   *  the DOM (and a user's text selection, focus or a test's element references) stable between polls. */
  function changed(view, data) {
    const signature = JSON.stringify(data);
    if (state.signatures.get(view) === signature) return false;
    state.signatures.set(view, signature);
    return true;
  }

  /* ---------- formatting ---------- */

  /** Accepts ISO-8601 and the Resque style "2026/11/27 10:00:00 UTC" used by failed records. */
  function parseTime(value) {
    if (!value) return null;
    const resque = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})(?: UTC| Z)?$/.exec(String(value).trim());
    const ms = resque ? Date.parse(`${resque[1]}-${resque[2]}-${resque[3]}T${resque[4]}Z`) : Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }

  function relativeText(ms) {
    const diff = Math.round((ms - Date.now()) / 1000);
    const abs = Math.abs(diff);
    if (abs < 5) return 'just now';
    let text;
    if (abs < 60) text = abs + ' s';
    else if (abs < 3600) text = Math.floor(abs / 60) + ' min';
    else if (abs < 86400) text = Math.floor(abs / 3600) + ' h ' + Math.floor((abs % 3600) / 60) + ' min';
    else text = Math.floor(abs / 86400) + ' d ' + Math.floor((abs % 86400) / 3600) + ' h';
    return diff < 0 ? text + ' ago' : 'in ' + text;
  }

  function absoluteText(ms) {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }

  /** A <time> whose relative text is kept current by refreshRelativeTimes(); the exact time is in the tooltip. */
  function timeEl(value, fallback = '–') {
    const ms = parseTime(value);
    if (ms == null) return el('span', { class: 'muted' }, value ? String(value) : fallback);
    return el('time', { datetime: new Date(ms).toISOString(), title: absoluteText(ms), 'data-ts': ms, class: 'rel' },
      relativeText(ms));
  }

  function refreshRelativeTimes() {
    for (const t of document.querySelectorAll('time[data-ts]')) t.textContent = relativeText(Number(t.dataset.ts));
  }

  function formatDuration(seconds) {
    if (seconds == null || Number.isNaN(Number(seconds))) return '–';
    const s = Number(seconds);
    if (s < 10) return s.toFixed(1) + ' s';
    if (s < 60) return Math.round(s) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  const numberText = (n) => (n == null ? '–' : String(n));
  const compactJson = (v) => { try { return JSON.stringify(v); } catch (e) { return String(v); } };

  /* ---------- API ---------- */

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, method = 'GET') {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-Requested-By'] = 'background-jobs'; // CSRF guard required by the backend
    let response;
    try {
      response = await fetch(API + path, {
        method, headers, cache: 'no-store', credentials: 'same-origin',
        signal: AbortSignal.timeout ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined,
      });
    } catch (e) {
      throw new ApiError(0, 'API unreachable');
    }
    let body = null;
    try { body = await response.json(); } catch (e) { /* e.g. an HTML error page from a proxy */ }
    if (!response.ok) throw new ApiError(response.status, (body && body.error) || 'HTTP ' + response.status);
    return body;
  }

  /** Runs one loader, remembering its failure so the header can say the API is down without throwing. */
  async function guarded(name, loader) {
    try {
      await loader();
      state.failures.delete(name);
      // back after an outage: retry the other failed views now rather than showing an error until their next turn
      if (state.failures.size && !state.recovering) {
        state.recovering = true;
        Promise.all([...state.failures.keys()].map((other) => guarded(other, LOADERS[other])))
          .finally(() => { state.recovering = false; });
      }
    } catch (e) {
      state.failures.set(name, e);
      if (!(e instanceof ApiError)) console.warn('dashboard: rendering ' + name + ' failed', e); // a bug, not an outage
    }
    updateLiveIndicator();
  }

  function updateLiveIndicator() {
    const indicator = $('#live-indicator');
    const errors = [...state.failures.values()];
    const ok = errors.length === 0;
    indicator.classList.remove('connecting');
    indicator.classList.toggle('online', ok);
    indicator.classList.toggle('offline', !ok);
    let text = 'Live';
    if (!ok) {
      const worst = errors.find((e) => !e.status || e.status >= 500) || errors[0];
      text = !worst.status || worst.status >= 500 ? 'API unreachable'
        : worst.status === 401 || worst.status === 403 ? 'Access denied' : 'API error';
      indicator.title = worst.message + ' — retrying';
    } else {
      indicator.title = 'Updated ' + absoluteText(Date.now());
    }
    $('#live-text').textContent = text;
    // the header scrolls away, so an outage also gets a floating notice that cannot be missed
    $('#connection-lost').hidden = ok || text !== 'API unreachable';
  }

  /* ---------- loaders + renderers ---------- */

  async function loadMe() {
    const me = await api('me');
    state.me = me;
    document.body.classList.toggle('can-write', !!me.canWrite); // CSS hides .write-action otherwise
    const user = $('#current-user');
    user.title = 'Signed in as ' + (me.user || 'unknown');
    // the initial comes from CSS attr() so #current-user's text stays exactly the user name
    user.replaceChildren(el('span', { class: 'user-avatar', 'aria-hidden': 'true', 'data-initial': (me.user || '?').charAt(0).toUpperCase() }),
      el('span', { class: 'user-name' }, me.user || 'unknown'));
    if (!me.canWrite) user.append(pill('read-only', 'neutral'));
  }

  async function loadOverview() {
    const o = await api('overview');
    if (!changed('overview', o)) return;
    const counts = { processed: o.processed, failed: o.failed, queued: o.queued, busy: o.busyWorkers,
      workers: o.workers, delayed: o.delayed, retrying: o.retrying, 'failed-jobs': o.failedJobs,
      cancelled: o.cancelled, expired: o.expired };
    for (const [key, value] of Object.entries(counts)) $('#count-' + key).textContent = numberText(value);

    const unattended = o.unattendedQueues || [];
    $('#unattended-warning').hidden = unattended.length === 0;
    $('#unattended-text').textContent =
      `Queue(s) ${unattended.join(', ')} hold jobs but no live worker listens to them.`;

    setBadge('#nav-workers', o.workers == null ? '' : `${o.busyWorkers}/${o.workers}`);
    setBadge('#nav-failed', o.failedJobs || '');
    setBadge('#nav-delayed', o.delayed || '');
    setBadge('#nav-retrying', o.retrying || '');
    const micros = o.redisLatencyMicros;
    $('#redis-latency').textContent = micros == null ? '–'
      : micros < 1000 ? micros + ' µs' : (micros / 1000).toFixed(1) + ' ms';
  }

  function setBadge(selector, value) {
    const badge = $(selector);
    badge.textContent = String(value);
    badge.hidden = value === '' || value == null;
  }

  async function loadQueues() {
    const queues = await api('queues');
    setBadge('#nav-queues', queues.length || '');
    if (!changed('queues', queues)) return;
    fillTable('#queues-table', queues.map((q) => el('tr', { class: q.unattended || q.wrongType ? 'row-alert' : null, 'data-queue': q.name },
      el('td', null, el('span', { class: 'mono strong' }, q.name)),
      el('td', { class: 'num' }, numberText(q.size)),
      el('td', { class: 'num' + (q.latencySeconds > 300 ? ' tone-warning' : '') }, formatDuration(q.latencySeconds)),
      el('td', { class: 'num' + (q.workers === 0 ? ' tone-danger' : '') }, numberText(q.workers)),
      el('td', null, el('span', { class: 'pill-list' },
        q.paused ? pill('paused', 'warning') : null,
        q.unattended ? pill('no worker', 'danger') : null,
        q.wrongType ? pill(`not a list: ${q.wrongType}`, 'danger') : null,
        !q.paused && !q.unattended && !q.wrongType ? (q.size > 0 ? pill('active', 'success') : pill('idle', 'neutral')) : null)),
      el('td', { class: 'actions write-action' }, q.paused
        ? button('Resume', 'resume', (e) => act(e, 'POST', `queues/${encodeURIComponent(q.name)}/resume`, `Queue ${q.name} resumed`))
        : button('Pause', 'pause', (e) => act(e, 'POST', `queues/${encodeURIComponent(q.name)}/pause`, `Queue ${q.name} paused on every server`))),
    )), 'No queues yet.');
  }

  async function loadWorkers() {
    const workers = await api('workers');
    if (!changed('workers', workers)) return;
    const now = Date.now();
    fillTable('#workers-table', workers.map((w) => {
      const beat = parseTime(w.heartbeat);
      const stale = beat != null && now - beat > STALE_HEARTBEAT_S * 1000;
      return el('tr', { class: w.job ? 'row-busy' : null, 'data-worker': w.id },
        // the host is "host/server/app/pool-n": its last segment is what tells sibling workers apart, so it leads
        el('td', { title: w.id },
          el('div', { class: 'mono strong' }, String(w.host || w.id).split('/').pop()),
          el('div', { class: 'muted small mono worker-host' },
            String(w.host || '').split('/').slice(0, -1).map((segment, i) => (i ? ['/', el('wbr'), segment] : segment)),
            ' · pid ' + (w.pid || '?'))),
        el('td', null, queuePills(w.queues)),
        el('td', null, timeEl(w.startedAt)),
        el('td', { class: stale ? 'tone-warning' : null }, timeEl(w.heartbeat), stale ? ' (stale)' : null),
        el('td', { class: 'num' }, numberText(w.processed)),
        el('td', { class: 'num' + (w.failed > 0 ? ' tone-danger' : '') }, numberText(w.failed)),
        el('td', { class: 'current-job' }, w.job
          ? [el('div', null, el('span', { class: 'busy-dot', 'aria-hidden': 'true' }), el('span', { class: 'strong' }, w.job.jobName),
            ' on ', pill(w.job.queue, 'queue'), el('span', { class: 'muted small' }, ' since ', timeEl(w.job.runAt))),
          el('div', null, jobLink(w.job.jobId)),
          w.job.progress ? progressEl(w.job.progress) : null,
          w.job.args && w.job.args.length ? el('div', { class: 'mono small args', title: compactJson(w.job.args) }, compactJson(w.job.args)) : null,
          w.job.jobId ? el('div', { class: 'write-action' }, cancelButton(w.job.jobId)) : null]
          : el('span', { class: 'muted' }, 'idle')));
    }), 'No live workers.');
  }

  /** The queues and job names paused in Redis for every server, with who paused them and the jobs held back. */
  async function loadPauses() {
    const pauses = await api('pauses');
    const rows = [...pauses.queues.map((p) => ({ ...p, kind: 'queue' })), ...pauses.jobs.map((p) => ({ ...p, kind: 'job' }))];
    setBadge('#nav-pauses', rows.length || '');
    if (!changed('pauses', pauses)) return;
    fillTable('#pauses-table', rows.map((p) => {
      const path = (p.kind === 'queue' ? 'queues/' : 'job-names/') + encodeURIComponent(p.name) + '/resume';
      return el('tr', { 'data-pause': p.kind + ':' + p.name },
        el('td', null, pill(p.kind, p.kind === 'queue' ? 'queue' : 'warning')),
        el('td', null, el('span', { class: 'mono strong' }, p.name)),
        el('td', { class: 'num held' }, p.kind === 'job' ? numberText(p.held) : '–'),
        el('td', { class: 'by' }, p.by || '–'),
        el('td', null, timeEl(p.at)),
        el('td', { class: 'actions write-action' }, button('Resume', 'resume', (e) => act(e, 'POST', path,
          (r) => p.kind === 'queue' ? `Queue ${p.name} resumed on every server`
            : `Job ${p.name} resumed; ${r && r.putBack != null ? r.putBack : 0} held job(s) back in their queues`))));
    }), 'Nothing is paused.');
  }

  /** A running job's last report: a meter with its percent, and its message. */
  function progressEl(progress) {
    const meter = el('span', { class: 'meter' }, el('span', { class: 'meter-fill' }));
    meter.firstChild.style.width = Math.max(0, Math.min(100, progress.percent)) + '%';
    return el('div', { class: 'progress small', 'data-percent': String(progress.percent) },
      meter, ' ', el('span', { class: 'progress-percent' }, progress.percent + '%'),
      progress.message ? el('span', { class: 'muted progress-message' }, ' ' + progress.message) : null);
  }

  function cancelButton(id) {
    return button('Cancel', 'cancel-job', (e) => {
      if (confirm('Cancel job ' + id + '? A running job is asked to stop, then interrupted after the grace period.')) {
        act(e, 'POST', 'jobs/' + encodeURIComponent(id) + '/cancel', (r) => `Job ${id} cancelled (${r && r.found})`)
          .then(() => { if (state.lookupId === id) lookupJob(id); });
      }
    });
  }

  async function loadPools() {
    const pools = await api('pools');
    if (!changed('pools', pools)) return;
    fillTable('#pools-table', pools.map((p) => {
      const ratio = p.concurrency ? Math.min(1, p.busy / p.concurrency) : 0;
      const meter = el('span', { class: 'meter' }, el('span', { class: 'meter-fill' }));
      meter.firstChild.style.width = Math.round(ratio * 100) + '%';
      return el('tr', { 'data-pool': p.name },
        el('td', null, el('span', { class: 'mono strong' }, p.name)),
        el('td', null, queuePills(p.queues)),
        el('td', null, el('span', { class: 'busy-cell' }, meter, `${p.busy} / ${p.concurrency}`)),
        el('td', null, p.paused ? pill('paused', 'warning') : pill('running', 'success')),
        el('td', { class: 'actions write-action' }, p.paused
          ? button('Resume', 'resume', (e) => act(e, 'POST', `pools/${encodeURIComponent(p.name)}/resume`, `Pool ${p.name} resumed`))
          : button('Pause', 'pause', (e) => act(e, 'POST', `pools/${encodeURIComponent(p.name)}/pause`, `Pool ${p.name} paused`))));
    }), 'No worker pools run on this server.');
  }

  /** Fetches one page; steps back a page when the current one emptied (e.g. after deletes). */
  async function loadPage(kind) {
    let page = await api(`${kind}?offset=${state.offsets[kind]}&limit=${PAGE_SIZE}`);
    if (page.items.length === 0 && page.total > 0 && state.offsets[kind] > 0) {
      state.offsets[kind] = Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE;
      page = await api(`${kind}?offset=${state.offsets[kind]}&limit=${PAGE_SIZE}`);
    }
    return page;
  }

  function renderPager(kind, total) {
    const offset = state.offsets[kind];
    const go = (delta) => { state.offsets[kind] = Math.max(0, offset + delta); guarded(kind, LOADERS[kind]); };
    const info = total === 0 ? '0 items' : `${offset + 1}–${Math.min(total, offset + PAGE_SIZE)} of ${total}`;
    const prev = button('‹ Prev', '', () => go(-PAGE_SIZE));
    const next = button('Next ›', '', () => go(PAGE_SIZE));
    prev.id = kind + '-prev';
    next.id = kind + '-next';
    prev.disabled = offset === 0;
    next.disabled = offset + PAGE_SIZE >= total;
    const buttons = el('span', { class: 'pager-buttons' }, prev, next);
    buttons.hidden = total <= PAGE_SIZE && offset === 0; // a single page needs no paging controls
    $('#' + kind + '-pager').replaceChildren(el('span', { class: 'pager-info', id: kind + '-page-info' }, info), buttons);
  }

  async function loadFailed() {
    const page = await loadPage('failed');
    if (!changed('failed', { offset: state.offsets.failed, page })) return;
    const list = $('#failed-list');
    list.replaceChildren(...(page.items.length ? page.items.map(failedJobRow)
      : [el('div', { class: 'empty empty-ok' }, 'No failed jobs.')]));
    renderPager('failed', page.total);
  }

  function failedJobRow(job) {
    const shortException = String(job.exception || 'Error').split('.').pop();
    const backtrace = el('div', { class: 'backtrace' },
      el('div', { class: 'bt-exception mono' }, el('span', { class: 'strong' }, job.exception || ''), ': ', job.error || ''),
      el('div', { class: 'bt-label' }, 'Backtrace'),
      el('pre', { class: 'bt-lines' }, (job.backtrace || []).map((line) =>
        // framework frames are dimmed so the application's own frames stand out
        el('span', { class: 'bt-line' + (/^\s*at (java|javax|jdk|sun|jakarta|org\.jboss|com\.ibm|org\.eclipse)\./.test(line) ? ' bt-lib' : '') }, line + '\n'))),
      el('div', { class: 'bt-label' }, 'Payload'),
      el('pre', { class: 'bt-payload' }, prettyPayload(job.payload)),
      el('div', { class: 'muted small' }, 'Worker ', el('span', { class: 'mono' }, job.worker || '–')));
    const open = state.openBacktraces.has(job.digest);
    backtrace.hidden = !open;
    const toggle = button(open ? 'Hide backtrace' : 'Backtrace', 'show-backtrace', () => {
      backtrace.hidden = !backtrace.hidden;
      toggle.textContent = backtrace.hidden ? 'Backtrace' : 'Hide backtrace';
      toggle.setAttribute('aria-expanded', String(!backtrace.hidden));
      if (backtrace.hidden) state.openBacktraces.delete(job.digest); else state.openBacktraces.add(job.digest);
    });
    toggle.setAttribute('aria-expanded', String(open));
    const at = `failed/${job.index}`;
    const digest = 'digest=' + encodeURIComponent(job.digest);
    return el('div', { class: 'failed-job', 'data-index': job.index, 'data-digest': job.digest, 'data-job-id': job.jobId },
      el('div', { class: 'fj-main' },
        el('div', { class: 'fj-title' }, el('span', { class: 'fj-name' }, job.jobName || '(unknown job)'), pill(job.queue, 'queue'),
          el('span', { class: 'fj-attempts muted small' }, (job.attempts || 0) + (job.attempts === 1 ? ' attempt' : ' attempts'))),
        el('div', { class: 'fj-error' }, el('span', { class: 'mono fj-exception', title: job.exception || '' }, shortException), ' ', job.error || ''),
        el('div', { class: 'fj-meta muted small' }, 'failed ', timeEl(job.failedAt), ' · ', jobLink(job.jobId)),
        job.chainStep ? el('div', { class: 'fj-chain muted small' }, `chain stopped at step ${job.chainStep}`,
          job.chainLeft && job.chainLeft.length ? `; not run: ${job.chainLeft.join(' → ')}` : '') : null),
      el('div', { class: 'fj-actions' }, toggle,
        el('span', { class: 'write-action fj-write' },
          button('Retry', 'retry', (e) => act(e, 'POST', `${at}/retry?${digest}`, `Retrying ${job.jobName}`)),
          button('Delete', 'delete btn-danger-ghost', (e) => act(e, 'DELETE', `${at}?${digest}`, `Deleted failed ${job.jobName}`)))),
      backtrace);
  }

  function prettyPayload(payload) {
    if (payload == null) return '–';
    try { return JSON.stringify(typeof payload === 'string' ? JSON.parse(payload) : payload, null, 2); } catch (e) { return String(payload); }
  }

  /** A job id that opens the lookup for it, since ids are what people paste into the lookup anyway. */
  function jobLink(id) {
    if (!id) return el('span', { class: 'muted' }, 'no id');
    return el('a', { href: '#lookup', class: 'mono job-link', title: 'Look up job ' + id,
      onclick: () => { $('#job-id-input').value = id; lookupJob(id); } }, id);
  }

  async function loadDelayed() {
    const page = await loadPage('delayed');
    if (!changed('delayed', { offset: state.offsets.delayed, page })) return;
    fillTable('#delayed-table', page.items.map((d) => el('tr', null,
      el('td', { class: 'strong' }, d.jobName),
      el('td', null, pill(d.queue, 'queue')),
      el('td', null, timeEl(d.runAt)),
      el('td', null, jobLink(d.jobId)),
      el('td', { class: 'mono small args', title: compactJson(d.args) }, compactJson(d.args)))), 'No delayed jobs.');
    renderPager('delayed', page.total);
  }

  async function loadRetrying() {
    const page = await loadPage('retrying');
    if (!changed('retrying', { offset: state.offsets.retrying, page })) return;
    fillTable('#retrying-table', page.items.map((r) => el('tr', null,
      el('td', { class: 'strong' }, r.jobName),
      el('td', null, pill(r.queue, 'queue')),
      el('td', null, timeEl(r.dueAt)),
      el('td', { class: 'num' }, numberText(r.attempts)),
      el('td', null, jobLink(r.jobId)),
      el('td', { class: 'mono small args', title: compactJson(r.args) }, compactJson(r.args)))), 'Nothing is waiting for a retry.');
    renderPager('retrying', page.total);
  }

  async function loadRecurring() {
    const items = await api('recurring');
    if (!changed('recurring', items)) return;
    fillTable('#recurring-table', items.map((r) => el('tr', null,
      el('td', { class: 'strong' }, r.name),
      el('td', null, el('code', { class: 'cron' }, r.cron)),
      el('td', null, r.zone || 'UTC'),
      el('td', null, timeEl(r.nextRun)),
      el('td', null, timeEl(r.lastRun, 'never')))), 'No recurring jobs are scheduled.');
  }

  /* ---------- batches ---------- */

  async function loadBatches() {
    const batches = await api('batches');
    if (!changed('batches', batches)) return;
    setBadge('#nav-batches', batches.openTotal || '');
    fillTable('#batches-table', [...batches.open, ...batches.completed].map((b) => {
      const ended = b.total - b.pending;
      const meter = el('span', { class: 'meter' }, el('span', { class: 'meter-fill' }));
      meter.firstChild.style.width = Math.round(b.total ? (ended / b.total) * 100 : 0) + '%';
      return el('tr', { 'data-batch-id': b.id },
        el('td', { class: 'mono small' }, b.id),
        el('td', null, meter, el('span', { class: 'muted small batch-progress' }, ` ${numberText(ended)} / ${numberText(b.total)}`)),
        el('td', { class: 'num' }, numberText(b.succeeded)),
        el('td', { class: 'num' }, numberText(b.failed)),
        el('td', { class: 'num' }, numberText(b.dead)),
        el('td', { class: 'batch-state' }, !b.complete ? pill('running', 'info')
          : b.dead > 0 ? pill('complete, with dead jobs', 'warning') : pill('succeeded', 'success')),
        el('td', null, timeEl(b.created)),
        el('td', null, timeEl(b.completed, '–')));
    }), 'No batches.');
  }

  function limitStatus(l) {
    if (l.waitingFor === 'rate') return el('span', null, pill('waiting', 'warning'), ' for rate limit until ', timeEl(l.until));
    if (l.waitingFor === 'concurrency') {
      return el('span', null, pill('waiting', 'warning'), ` for a free slot (${l.concurrency.running}/${l.concurrency.slots} running)`);
    }
    if (l.waitingFor === 'queue') return el('span', null, pill('released', 'info'), ' back on their queue at the next fetch');
    return pill('within limit', 'success');
  }

  async function loadLimits() {
    const items = await api('limits');
    setBadge('#nav-limits', items.reduce((sum, l) => sum + l.waiting, 0));
    if (!changed('limits', items)) return;
    fillTable('#limits-table', items.map((l) => el('tr', null,
      el('td', { class: 'strong' }, l.job),
      el('td', null, l.key ? `${l.key} = ${l.value === null ? '–' : JSON.stringify(l.value)}` : 'per job name'),
      el('td', null, l.rate ? `${l.rate.startsInWindow}/${l.rate.starts} per ${formatDuration(l.rate.periodMillis / 1000)}` : '–'),
      el('td', null, l.concurrency ? `${l.concurrency.running}/${l.concurrency.slots}` : '–'),
      el('td', { class: 'num' }, numberText(l.waiting)),
      el('td', null, limitStatus(l)),
      el('td', { class: 'mono small args', title: compactJson(l.waitingJobs) },
        l.waitingJobs.map((j) => (j && j.id) || compactJson(j)).join(', ')))), 'No job has a rate or concurrency limit.');
  }

  async function loadThroughput() {
    let data;
    try { data = await api('throughput?minutes=60'); } catch (e) { state.failures.set('throughput', e); if (!state.throughput) drawChart(); throw e; }
    state.throughput = data.minutes || [];
    const sum = (key) => state.throughput.reduce((total, m) => total + (m[key] || 0), 0);
    $('#sum-processed').textContent = String(sum('processed'));
    $('#sum-failed').textContent = String(sum('failed'));
    drawChart();
  }

  /* ---------- chart ---------- */

  /** Rounds the axis maximum up to 1/2/5 x 10^n steps so tick labels are readable numbers. */
  function niceScale(max, ticks) {
    const raw = Math.max(1, max) / ticks;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw);
    return { step: Math.max(1, step), max: Math.max(1, step) * ticks };
  }

  function drawChart() {
    const canvas = $('#throughput-chart');
    // the CSS box decides the size (never set here, so a redraw inside the ResizeObserver cannot resize it again);
    // the bitmap follows it at device resolution to stay crisp
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    ctx.font = '11px ' + css.getPropertyValue('--font-sans');
    const points = state.throughput || [];
    if (!points.length) {
      ctx.fillStyle = color('--muted');
      ctx.textAlign = 'center';
      const message = state.throughput ? 'No throughput data yet'
        : state.failures.has('throughput') ? 'Throughput unavailable, retrying…' : 'Loading…';
      ctx.fillText(message, width / 2, height / 2);
      state.chartGeometry = null;
      return;
    }
    const scale = niceScale(Math.max(...points.map((p) => Math.max(p.processed || 0, p.failed || 0))), 4);
    const pad = { l: Math.ceil(ctx.measureText(String(scale.max)).width) + 14, r: 10, t: 10, b: 24 };
    const plotW = width - pad.l - pad.r;
    const plotH = height - pad.t - pad.b;
    const slot = plotW / points.length;
    const x = (i) => pad.l + slot * (i + 0.5);
    const y = (v) => pad.t + plotH * (1 - v / scale.max);
    state.chartGeometry = { pad, slot, plotH };

    // grid and y labels
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = 0; v <= scale.max; v += scale.step) {
      ctx.strokeStyle = color('--grid');
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(pad.l, Math.round(y(v)) + 0.5);
      ctx.lineTo(width - pad.r, Math.round(y(v)) + 0.5);
      ctx.stroke();
      ctx.fillStyle = color('--muted');
      ctx.fillText(String(v), pad.l - 6, y(v));
    }

    // x labels on round minutes; fewer on narrow screens so they do not collide
    const every = plotW < 360 ? 20 : plotW < 700 ? 10 : 5;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    points.forEach((p, i) => {
      const ms = parseTime(p.at);
      if (ms == null) return;
      const d = new Date(ms);
      if (d.getMinutes() % every !== 0) return;
      const label = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
      const half = ctx.measureText(label).width / 2;
      ctx.fillText(label, Math.min(width - pad.r - half, Math.max(pad.l + half, x(i))), height - pad.b + 7);
    });

    if (state.hoverIndex >= 0 && state.hoverIndex < points.length) {
      ctx.fillStyle = color('--hover');
      ctx.fillRect(pad.l + slot * state.hoverIndex, pad.t, slot, plotH);
    }

    // failed as bars, processed as a filled line on top
    ctx.fillStyle = color('--danger');
    const barW = Math.max(1, slot * 0.6);
    points.forEach((p, i) => {
      if (p.failed > 0) ctx.fillRect(x(i) - barW / 2, y(p.failed), barW, y(0) - y(p.failed));
    });
    const accent = color('--accent');
    ctx.beginPath();
    points.forEach((p, i) => (i ? ctx.lineTo(x(i), y(p.processed || 0)) : ctx.moveTo(x(i), y(p.processed || 0))));
    ctx.strokeStyle = accent;
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.stroke();
    ctx.lineTo(x(points.length - 1), y(0));
    ctx.lineTo(x(0), y(0));
    ctx.closePath();
    ctx.globalAlpha = 0.12;
    ctx.fillStyle = accent;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  function onChartHover(event) {
    const geometry = state.chartGeometry;
    const points = state.throughput || [];
    const tooltip = $('#chart-tooltip');
    if (!geometry) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const index = Math.floor((event.clientX - rect.left - geometry.pad.l) / geometry.slot);
    if (index < 0 || index >= points.length) { onChartLeave(); return; }
    if (index !== state.hoverIndex) { state.hoverIndex = index; drawChart(); }
    const p = points[index];
    const ms = parseTime(p.at);
    tooltip.replaceChildren(el('div', { class: 'strong' }, ms == null ? String(p.at) : absoluteText(ms).slice(11, 16)),
      el('div', null, el('span', { class: 'swatch processed' }), `${p.processed} processed`),
      el('div', null, el('span', { class: 'swatch failed' }), `${p.failed} failed`));
    tooltip.hidden = false;
    const left = geometry.pad.l + geometry.slot * (index + 0.5);
    const flip = left > rect.width - 150;
    tooltip.style.left = (flip ? left - tooltip.offsetWidth - 10 : left + 10) + 'px';
  }

  function onChartLeave() {
    $('#chart-tooltip').hidden = true;
    if (state.hoverIndex !== -1) { state.hoverIndex = -1; drawChart(); }
  }

  /* ---------- actions ---------- */

  /** Sends a write call, reports the outcome in a toast and reloads at once so the page reflects it. */
  async function act(event, method, path, successMessage) {
    const trigger = event && event.currentTarget;
    if (trigger) trigger.disabled = true;
    try {
      const result = await api(path, method);
      toast(typeof successMessage === 'function' ? successMessage(result) : successMessage, 'ok');
    } catch (e) {
      if (e.status === 409) toast('The failed list changed; reloaded', 'warn');
      else if (e.status === 403) toast('Not allowed: ' + e.message, 'error');
      else toast('Action failed: ' + e.message, 'error');
    } finally {
      if (trigger) trigger.disabled = false;
      await refreshAll();
    }
  }

  function toast(message, kind) {
    const node = el('div', { class: 'toast toast-' + kind }, message);
    $('#toasts').append(node);
    setTimeout(() => node.classList.add('toast-leaving'), 3500);
    setTimeout(() => node.remove(), 4000);
  }

  async function lookupJob(rawId) {
    const id = String(rawId || '').trim();
    const result = $('#job-lookup-result');
    clearTimeout(state.lookupTimer);
    if (!id) { result.replaceChildren(el('div', { class: 'lookup-message' }, 'Enter a job id to look it up.')); return; }
    // a live refresh of the job shown keeps it on screen instead of flashing "Looking up…"
    if (state.lookupId !== id) result.replaceChildren(el('div', { class: 'lookup-message muted' }, 'Looking up…'));
    state.lookupId = id;
    try {
      const job = await api('jobs/' + encodeURIComponent(id));
      const row = (label, value) => [el('dt', null, label), el('dd', null, value)];
      const when = (value) => {
        const ms = parseTime(value);
        return ms == null ? el('span', { class: 'muted' }, value || '–')
          : el('span', null, absoluteText(ms) + ' ', el('span', { class: 'muted' }, '(', timeEl(value), ')'));
      };
      const cancellable = ['RUNNING', 'QUEUED', 'SCHEDULED', 'RETRYING'].includes(job.state);
      result.replaceChildren(el('dl', { class: 'lookup-details', 'data-state': job.state },
        row('Job id', el('span', { class: 'mono' }, job.id)),
        row('State', pill(job.state, stateTone(job.state))),
        row('Updated', when(job.updated)),
        row('Started', when(job.started)),
        job.progress ? row('Progress', progressEl(job.progress)) : [],
        cancellable ? row('', el('span', { class: 'write-action' }, cancelButton(job.id))) : []));
      // A running job's lookup follows it live, until it ends or another id is looked up.
      if (job.state === 'RUNNING') state.lookupTimer = setTimeout(() => { if (state.lookupId === id) lookupJob(id); }, FAST_MS);
    } catch (e) {
      result.replaceChildren(el('div', { class: 'lookup-message' + (e.status === 404 ? '' : ' tone-danger') },
        e.status === 404 ? `No status for “${id}”. Only running jobs and jobs that track their status`
          + ' (@BackgroundJob(trackStatus = true), or named by background-jobs.track-status) have one;'
          + ' a tracked status expires after background-jobs.status-ttl. Its failures, if any, are in Failed.'
          : 'Lookup failed: ' + e.message));
    }
  }

  function stateTone(jobState) {
    const s = String(jobState || '').toUpperCase();
    if (/SUCC|DONE|COMPLET/.test(s)) return 'success';
    if (/FAIL|DEAD|ERROR/.test(s)) return 'danger';
    if (/CANCEL|EXPIR/.test(s)) return 'neutral';
    if (/RETR|DELAY|SCHED|PAUS/.test(s)) return 'warning';
    if (/RUN|PROCESS|WORK/.test(s)) return 'info';
    return 'neutral';
  }

  /* ---------- polling ---------- */

  const LOADERS = { me: loadMe, overview: loadOverview, queues: loadQueues, workers: loadWorkers, pools: loadPools, pauses: loadPauses,
    failed: loadFailed, delayed: loadDelayed, retrying: loadRetrying, recurring: loadRecurring, throughput: loadThroughput,
    batches: loadBatches,
    limits: loadLimits };
  const load = (...names) => Promise.all(names.map((name) => guarded(name, LOADERS[name])));
  // `me` is retried with the fast loop until it succeeds: until then write buttons stay hidden
  const fastLoaders = () => load(...(state.me ? [] : ['me']), 'overview', 'queues', 'workers', 'pools', 'pauses', 'limits');
  const listLoaders = () => load('failed', 'delayed', 'retrying', 'recurring', 'batches');
  const chartLoader = () => load('throughput');

  function refreshAll() {
    return Promise.all([fastLoaders(), listLoaders(), chartLoader()]);
  }

  /** setTimeout after completion (not setInterval) so a slow backend never gets overlapping polls;
   *  hidden tabs skip their turn to spare the backend. */
  function poll(loader, intervalMs) {
    const run = async () => {
      if (!document.hidden) await loader();
      refreshRelativeTimes();
      setTimeout(run, intervalMs);
    };
    run();
  }

  function start() {
    $('#retry-all').addEventListener('click', (e) =>
      act(e, 'POST', 'failed/retry-all', (r) => `Retrying ${r && r.retried != null ? r.retried : 'all'} failed job(s)`));
    $('#clear-failed').addEventListener('click', (e) => {
      if (confirm('Delete every failed job record? This cannot be undone.')) act(e, 'DELETE', 'failed', 'Failed jobs cleared');
    });
    $('#job-lookup-form').addEventListener('submit', (e) => { e.preventDefault(); lookupJob($('#job-id-input').value); });
    $('#pause-job-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const name = $('#pause-job-input').value.trim();
      if (!name) { toast('Enter the name of the job to pause', 'warn'); return; }
      act(e, 'POST', 'job-names/' + encodeURIComponent(name) + '/pause', `Job ${name} paused on every server`)
        .then(() => { $('#pause-job-input').value = ''; });
    });
    const canvas = $('#throughput-chart');
    canvas.addEventListener('mousemove', onChartHover);
    canvas.addEventListener('mouseleave', onChartLeave);
    if ('ResizeObserver' in window) new ResizeObserver(() => drawChart()).observe(canvas);
    else window.addEventListener('resize', drawChart);
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawChart);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshAll(); });
    drawChart();

    poll(fastLoaders, FAST_MS);
    poll(listLoaders, LIST_MS);
    poll(chartLoader, CHART_MS);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
