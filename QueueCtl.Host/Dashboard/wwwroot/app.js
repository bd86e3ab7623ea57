// The queuectl dashboard: one page, hash routes, no framework. Every figure comes from the host's JSON API (the same
// protocol messages the CLI sends); the page re-reads the view it shows when the host's event stream says something
// was stored, and never on a timer.
'use strict';

const view = document.getElementById('view');
const live = document.getElementById('live');
const banner = document.getElementById('banner');
const PAGE_SIZE = 25;
const STATES = ['pending', 'processing', 'completed', 'failed', 'dead'];
// Every stored event the host streams (QueueCtl.Actors/Domain): any of them may change what a page shows.
const EVENT_TYPES = [
  'JobsEnqueued', 'JobStarted', 'JobCompleted', 'JobFailed', 'JobDied', 'JobRetryDue', 'JobInterrupted',
  'DeadJobRetried', 'ConfigChanged', 'WorkerCountSet', 'ScheduledJobsDue', 'JobCancelRequested', 'QueuePaused',
  'QueueResumed', 'ScheduleAdded', 'ScheduleRemoved', 'ScheduleFired', 'JobsForgotten',
  'changed', // many events at once, counted by type
];

class ApiError extends Error {
  constructor(status, reason) { super(reason); this.status = status; }
}

// --- small helpers ----------------------------------------------------------------------------------------------

// Builds an element; text always goes in as text, never as HTML.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) {
    sessionEnded();
    throw new ApiError(401, 'no session');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body && body.reason ? body.reason : response.statusText);
  return body;
}

function post(path, body) {
  return api(path, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// As the CLI prints times: 2026-12-06 05:33:49Z.
function time(iso) {
  if (!iso) return '-';
  return new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function stateCell(state) {
  return el('td', { class: `state state-${state}`, data: { state }, text: state });
}

function message(text, isError) {
  return el('div', { class: isError ? 'message error' : 'message', id: 'action-result', text });
}

function sessionEnded() {
  banner.hidden = false;
  banner.textContent = 'This browser has no session with the host any more (the host restarted, or the session ended). ' +
    'Run `queuectl dashboard` and open the link it prints.';
  setLive('offline');
}

function setLive(state) {
  live.dataset.live = state;
  live.textContent = state;
}

// --- routes ------------------------------------------------------------------------------------------------------

// #/ overview, #/jobs?state=&grep=&offset=, #/jobs/ID, #/dlq?offset=, #/workers
function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  if (path === '/jobs') return { name: 'jobs', params, page: jobsPage };
  if (path.startsWith('/jobs/')) return { name: 'job', id: decodeURIComponent(path.slice('/jobs/'.length)), params, page: jobPage };
  if (path === '/dlq') return { name: 'dlq', params, page: dlqPage };
  if (path === '/workers') return { name: 'workers', params, page: workersPage };
  return { name: 'overview', params, page: overviewPage };
}

let current = null;      // the page shown: { refresh() }
let refreshing = false;
let refreshAgain = false;
let refreshTimer = null;

function mount() {
  const route = parseRoute();
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.nav === (route.name === 'job' ? 'jobs' : route.name));
  }
  if (current && current.dispose) current.dispose();
  view.replaceChildren();
  view.dataset.page = route.name;
  view.dataset.loaded = '0';
  current = route.page(route);
  refresh();
}

// Re-reads what the page shows; refreshes asked for while one runs make one more after it.
async function refresh() {
  if (!current) return;
  if (refreshing) { refreshAgain = true; return; }
  refreshing = true;
  const page = current;
  try {
    await page.refresh();
    if (page === current) {
      view.dataset.loaded = String(Number(view.dataset.loaded) + 1);
      document.getElementById('load-error')?.remove();
    }
  } catch (error) {
    // Shown above the page until a later read succeeds (a queue restarting after a storage fault answers 503 a while).
    if (!(error instanceof ApiError && error.status === 401) && page === current) {
      document.getElementById('load-error')?.remove();
      view.prepend(el('div', { class: 'message error', id: 'load-error', text: `Could not load this page: ${error.message}` }));
    }
  } finally {
    refreshing = false;
    if (refreshAgain) { refreshAgain = false; refresh(); }
  }
}

// Many events arrive in bursts (a bulk enqueue, a busy queue): one re-read per burst is enough.
function refreshSoon() {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 200);
}

// --- pages -------------------------------------------------------------------------------------------------------

function overviewPage() {
  const cards = el('div', { class: 'cards', id: 'counts' });
  const workers = el('div', { class: 'cards' });
  const canvas = el('canvas', { id: 'throughput-chart', width: '1100', height: '240' });
  const legend = el('div', { class: 'legend' },
    ['enqueued', 'completed', 'failed', 'dead'].map(name => el('span', { class: name, text: name })));
  const host = el('p', { class: 'muted', id: 'host-info' });
  view.append(el('h1', { text: 'Overview' }), cards, el('h2', { text: 'Workers' }), workers,
    el('h2', { text: 'Throughput, last hour (per minute)' }), el('div', { class: 'chart' }, canvas, legend), host);
  return {
    async refresh() {
      const [metrics, status] = await Promise.all([api('/api/metrics'), api('/api/status')]);
      cards.replaceChildren(...STATES.map(state => el('div', { class: 'card', data: { stateCount: state } },
        el('div', { class: 'label', text: state }),
        el('div', { class: `value state-${state}`, text: String(metrics.jobs[state] ?? 0) }))),
        el('div', { class: 'card', data: { stateCount: 'total' } },
          el('div', { class: 'label', text: 'total' }), el('div', { class: 'value', text: String(status.total) })));
      workers.replaceChildren(
        el('div', { class: 'card' }, el('div', { class: 'label', text: 'busy / configured' }),
          el('div', { class: 'value', id: 'workers-summary', text: `${metrics.workers_busy} / ${metrics.workers_configured}` })));
      drawChart(canvas, metrics.last_hour);
      host.textContent = `Host ${status.host.address}, pid ${status.host.pid}, version ${status.host.version}, ` +
        `started ${time(status.host.started_at)}, data ${status.host.data_location}`;
    },
  };
}

const SERIES = [['enqueued', '#2f6fdf'], ['completed', '#1f8a4c'], ['failed', '#c26a00'], ['dead', '#c0392b']];

// A line per kind of event over the 60 minutes of MetricsView.last_hour, oldest on the left.
function drawChart(canvas, minutes) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 1100;
  const height = canvas.clientHeight || 240;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const left = 44, right = 10, top = 10, bottom = 24;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = Math.max(1, ...minutes.flatMap(m => SERIES.map(([name]) => m[name])));
  g.strokeStyle = '#dde2ea';
  g.fillStyle = '#657086';
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (plotH * i) / 4;
    g.beginPath(); g.moveTo(left, y); g.lineTo(left + plotW, y); g.stroke();
    g.fillText(String(Math.round((max * i) / 4)), 4, y + 4);
  }
  g.fillText('60 min ago', left, height - 6);
  g.fillText('now', left + plotW - 22, height - 6);
  const step = minutes.length > 1 ? plotW / (minutes.length - 1) : plotW;
  for (const [name, color] of SERIES) {
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    minutes.forEach((m, i) => {
      const x = left + i * step, y = top + plotH - (plotH * m[name]) / max;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }
}

function jobsPage(route) {
  const state = route.params.get('state') || '';
  const grep = route.params.get('grep') || '';
  const offset = Math.max(0, Number(route.params.get('offset')) || 0);
  const stateSelect = el('select', { id: 'state-filter', name: 'state' },
    el('option', { value: '', text: 'every state' }), STATES.map(s => el('option', { value: s, text: s })));
  stateSelect.value = state;
  const search = el('input', { id: 'search', name: 'grep', type: 'search', placeholder: 'command contains…', value: grep });
  const form = el('form', { class: 'filters', id: 'job-filters' }, stateSelect, search, el('button', { type: 'submit', text: 'Filter' }));
  const go = (at) => {
    const params = new URLSearchParams();
    if (stateSelect.value) params.set('state', stateSelect.value);
    if (search.value) params.set('grep', search.value);
    if (at > 0) params.set('offset', String(at));
    location.hash = `#/jobs${params.toString() ? '?' + params : ''}`;
  };
  form.addEventListener('submit', event => { event.preventDefault(); go(0); });
  stateSelect.addEventListener('change', () => go(0));
  const table = el('tbody', { id: 'jobs' });
  const pager = el('div', { class: 'pager' });
  view.append(el('h1', { text: 'Jobs' }), form,
    el('table', {}, el('thead', {}, el('tr', {}, ['id', 'state', 'attempts', 'priority', 'updated', 'command'].map(h => el('th', { text: h })))), table),
    pager);
  return {
    async refresh() {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
      if (state) query.set('state', state);
      if (grep) query.set('grep', grep);
      const list = await api(`/api/jobs?${query}`);
      table.replaceChildren(...list.jobs.map(job => el('tr', { data: { jobId: job.id } },
        el('td', { class: 'id' }, el('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, text: job.id })),
        stateCell(job.state),
        el('td', { text: `${job.attempts}/${job.max_retries + 1}` }),
        el('td', { text: String(job.priority) }),
        el('td', { text: time(job.updated_at) }),
        el('td', { class: 'command', text: job.command }))));
      if (list.jobs.length === 0) table.append(el('tr', {}, el('td', { colspan: '6', class: 'muted', text: 'no jobs' })));
      renderPager(pager, offset, list.jobs.length, list.matching, go);
    },
  };
}

function renderPager(pager, offset, shown, matching, go) {
  pager.replaceChildren(
    el('button', { class: 'secondary', id: 'previous-page', text: 'previous', disabled: offset === 0 ? '' : null, onclick: () => go(Math.max(0, offset - PAGE_SIZE)) }),
    el('span', { id: 'page-info', text: shown === 0 ? `${matching} jobs` : `${offset + 1}-${offset + shown} of ${matching} jobs` }),
    el('button', { class: 'secondary', id: 'next-page', text: 'next', disabled: offset + shown >= matching ? '' : null, onclick: () => go(offset + PAGE_SIZE) }));
}

function jobPage(route) {
  const id = route.id;
  const heading = el('h1', {}, 'Job ', el('span', { id: 'job-id', text: id }), ' ', el('span', { id: 'job-state' }));
  const actions = el('div', { class: 'controls' });
  const fields = el('dl', { class: 'fields', id: 'job-fields' });
  const history = el('tbody', { id: 'job-history' });
  const log = el('pre', { class: 'log', id: 'job-log' });
  const logNote = el('p', { class: 'muted', id: 'job-log-note' });
  view.append(heading, actions, fields, el('h2', { text: 'History' }),
    el('table', {}, el('thead', {}, el('tr', {}, ['at', 'state', 'reason'].map(h => el('th', { text: h })))), history),
    el('h2', { text: 'Output' }), log, logNote);
  const output = followLog(id, log, logNote);
  return {
    dispose: output.close,
    async refresh() {
      const details = await api(`/api/jobs/${encodeURIComponent(id)}`);
      const job = details.job;
      const stateLabel = document.getElementById('job-state');
      stateLabel.className = `state state-${job.state}`;
      stateLabel.dataset.state = job.state;
      stateLabel.textContent = job.state;
      actions.replaceChildren();
      if (job.state === 'dead') {
        actions.append(el('button', { id: 'retry-job', text: 'Retry (back to pending, attempts reset)', onclick: () => act(actions, () => post(`/api/jobs/${encodeURIComponent(id)}/retry`), retriedText) }));
      }
      fields.replaceChildren(...Object.entries(job).filter(([key]) => key !== 'history').flatMap(([key, value]) => [
        el('dt', { text: key }),
        el('dd', { data: { field: key }, text: fieldText(key, value) }),
      ]));
      history.replaceChildren(...job.history.map(step => el('tr', {},
        el('td', { text: time(step.at) }), stateCell(step.state), el('td', { class: 'reason', text: step.reason }))));
      // A finished job that runs again (a DLQ retry) writes more output: follow it again.
      if (job.state !== 'completed' && job.state !== 'dead') output.ensureOpen();
    },
  };
}

// The job's output as it is written: the host's follower (as `queuectl logs --follow`) streams it from the start, and
// says `ended` once the job is finished and every byte is sent.
function followLog(id, log, note) {
  let source = null;
  const open = () => {
    source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/log/stream`);
    // Every (re)connection streams from the first byte.
    source.addEventListener('open', () => { log.textContent = ''; note.textContent = 'following the output'; log.dataset.ended = 'false'; });
    source.addEventListener('output', event => { log.textContent += JSON.parse(event.data).text; });
    source.addEventListener('ended', event => {
      const ended = JSON.parse(event.data);
      close();
      note.textContent = log.textContent ? `the job is ${ended.state}; this is all its output` : `the job is ${ended.state}; it wrote nothing`;
      log.dataset.ended = 'true';
    });
    source.addEventListener('refused', event => { close(); note.textContent = JSON.parse(event.data).reason; });
  };
  const close = () => { if (source) { source.close(); source = null; } };
  open();
  return { close, ensureOpen: () => { if (!source) open(); } };
}

function fieldText(key, value) {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '-';
  if (typeof value === 'string' && /_at$/.test(key)) return time(value);
  return String(value);
}

// Runs an action, then shows its answer (or the host's reason for refusing it) above the page.
async function act(where, action, describe) {
  for (const old of document.querySelectorAll('#action-result')) old.remove();
  try {
    const reply = await action();
    where.after(message(describe ? describe(reply) : 'done', false));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) where.after(message(error.message, true));
  }
  refresh();
}

function retriedText(reply) {
  const total = reply.count ?? reply.job_ids.length;
  return total === 0 ? 'No dead jobs to retry' : `Moved ${total} job${total === 1 ? '' : 's'} from dead to pending (attempts reset)`;
}

function dlqPage(route) {
  const offset = Math.max(0, Number(route.params.get('offset')) || 0);
  const controls = el('div', { class: 'controls' },
    el('button', { id: 'retry-all', text: 'Retry all dead jobs', onclick: () => act(controls, () => post('/api/dlq/retry-all'), retriedText) }));
  const table = el('tbody', { id: 'dead-jobs' });
  const pager = el('div', { class: 'pager' });
  const go = (at) => { location.hash = at > 0 ? `#/dlq?offset=${at}` : '#/dlq'; };
  view.append(el('h1', { text: 'Dead-letter queue' }), controls,
    el('table', {}, el('thead', {}, el('tr', {}, ['id', 'attempts', 'exit', 'last error', 'died', 'command', ''].map(h => el('th', { text: h })))), table),
    pager);
  return {
    async refresh() {
      const list = await api(`/api/jobs?state=dead&limit=${PAGE_SIZE}&offset=${offset}`);
      table.replaceChildren(...list.jobs.map(job => el('tr', { data: { jobId: job.id } },
        el('td', { class: 'id' }, el('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, text: job.id })),
        el('td', { text: `${job.attempts}/${job.max_retries + 1}` }),
        el('td', { text: job.exit_code === null || job.exit_code === undefined ? '-' : String(job.exit_code) }),
        el('td', { class: 'error', text: job.last_error || '-' }),
        el('td', { text: time(job.finished_at || job.updated_at) }),
        el('td', { class: 'command', text: job.command }),
        el('td', {}, el('button', { class: 'retry', data: { retry: job.id }, text: 'Retry',
          onclick: () => act(controls, () => post(`/api/jobs/${encodeURIComponent(job.id)}/retry`), retriedText) })))));
      if (list.jobs.length === 0) table.append(el('tr', {}, el('td', { colspan: '7', class: 'muted', text: 'no dead jobs' })));
      renderPager(pager, offset, list.jobs.length, list.matching, go);
    },
  };
}

function workersPage() {
  const summary = el('div', { class: 'cards' });
  const count = el('input', { id: 'worker-count', type: 'number', min: '1', step: '1', required: '' });
  const form = el('form', { class: 'controls', id: 'resize-workers' },
    el('label', { for: 'worker-count', text: 'Workers of the default queue' }), count, el('button', { type: 'submit', id: 'resize', text: 'Set' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(form, () => post('/api/workers', { count: Number(count.value) }), reply => `Workers: ${reply.configured} configured, ${reply.busy} busy`);
  });
  const queues = el('tbody', { id: 'queues' });
  let filled = false;
  view.append(el('h1', { text: 'Workers' }), summary, el('h2', { text: 'Resize' }), form,
    el('h2', { text: 'Queues' }),
    el('table', {}, el('thead', {}, el('tr', {}, ['queue', 'workers', 'busy', 'paused'].map(h => el('th', { text: h })))), queues));
  return {
    async refresh() {
      const status = await api('/api/status');
      summary.replaceChildren(
        el('div', { class: 'card' }, el('div', { class: 'label', text: 'configured' }), el('div', { class: 'value', id: 'workers-configured', text: String(status.workers_configured) })),
        el('div', { class: 'card' }, el('div', { class: 'label', text: 'busy' }), el('div', { class: 'value', id: 'workers-busy', text: String(status.workers_busy) })));
      // The box starts at the current count; after that it keeps what the user typed.
      if (!filled) { count.value = String(Math.max(1, status.workers_configured)); filled = true; }
      queues.replaceChildren(...(status.queues || []).map(q => el('tr', {},
        el('td', { text: q.name }), el('td', { text: String(q.workers) }), el('td', { text: String(q.busy) }), el('td', { text: q.paused ? 'yes' : 'no' }))));
    },
  };
}

// --- the live feed -----------------------------------------------------------------------------------------------

// The host says `subscribed` when its feed is attached (at the first connection, after a reconnect, after the queue
// restarted): whatever happened meanwhile is then re-read, and every later change arrives as an event.
function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('subscribed', () => { setLive('live'); refresh(); });
  for (const type of EVENT_TYPES) events.addEventListener(type, refreshSoon);
  events.onerror = () => {
    if (events.readyState !== EventSource.CLOSED) { setLive('reconnecting'); return; }
    // Closed for good (the host answered with an error, e.g. 401 after a restart): find out why, then try again once.
    events.close();
    setLive('offline');
    fetch('/api/status', { credentials: 'same-origin' })
      .then(response => { if (response.status === 401) sessionEnded(); else setTimeout(connect, 2000); })
      .catch(() => setTimeout(connect, 2000));
  };
}

window.addEventListener('hashchange', mount);
mount();
connect();
