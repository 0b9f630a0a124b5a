// Live job events: Server-Sent Events when the server issues stream tickets (an EventSource cannot send the key
// header, so a short-lived single-use ticket goes in the query string instead), else polling the job and its
// history, which is also what an older server gets. Both deliver the same events to the same handlers:
//   status {jobId,status,at,reason,worker,attempt}   epoch  a /history row
//   progress {jobId,epoch,batchesCompleted,batchesPerEpoch,samplesPerSecond,epochEtaSeconds,jobEtaSeconds}
//   end {jobId,status,stopReason,error}
import { ApiError, get, post, query } from './api.js';

export const finished = new Set(['succeeded', 'failed', 'cancelled']);
const pollMilliseconds = 1000;
const eventNames = ['status', 'epoch', 'progress', 'end'];

/// Follows one job (jobId) or every job of the tenant (jobId null). Returns a function that stops following.
export function follow(jobId, handlers) {
  const state = { stopped: false, source: null, timer: null, mode: null };
  const stop = () => {
    state.stopped = true;
    state.source?.close();
    clearTimeout(state.timer);
  };
  start(jobId, handlers, state).catch((error) => handlers.error?.(error));
  stop.state = state;
  return stop;
}

async function start(jobId, handlers, state) {
  let ticket;
  try {
    ticket = await post('/api/stream-tickets');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // 404 (405 where another route owns the path): a server without the events stream.
    state.mode = 'polling';
    return jobId ? pollJob(jobId, handlers, state) : pollList(handlers, state);
  }
  if (state.stopped) return;
  state.mode = 'events';
  openStream(jobId, ticket.ticket, handlers, state);
}

function openStream(jobId, ticket, handlers, state) {
  const path = jobId ? `/api/training-jobs/${jobId}/events` : '/api/training-jobs/events';
  const source = new EventSource(path + query({ ticket }));
  state.source = source;
  for (const name of eventNames) {
    source.addEventListener(name, (message) => {
      const data = JSON.parse(message.data);
      handlers[name]?.(data);
      if (name === 'end' && jobId) {
        state.ended = true;
        source.close();
      }
    });
  }
  source.addEventListener('error', () => {
    // A ticket is single use: EventSource's own retry would be refused, so close and reconnect with a new one.
    // The server replays the stored history on a new stream; the handlers take each epoch once by its number.
    source.close();
    if (!state.stopped && !state.ended)
      state.timer = setTimeout(() => start(jobId, handlers, state).catch((e) => handlers.error?.(e)), pollMilliseconds);
  });
}

async function pollJob(jobId, handlers, state) {
  let lastStatus = null, since = 0;
  while (!state.stopped) {
    const job = await get(`/api/training-jobs/${jobId}`);
    if (job.status !== lastStatus) {
      lastStatus = job.status;
      handlers.status?.({ jobId, status: job.status, at: new Date().toISOString(), reason: job.stopReason ?? null, worker: null, attempt: job.attempts });
    }
    for (;;) {
      const epochs = await get(`/api/training-jobs/${jobId}/history` + query({ since }));
      for (const epoch of epochs) handlers.epoch?.(epoch);
      if (epochs.length === 0) break;
      since = epochs[epochs.length - 1].epoch;
      if (epochs.length < 1000) break;
    }
    if (finished.has(job.status)) {
      handlers.end?.({ jobId, status: job.status, stopReason: job.stopReason, error: job.error });
      return;
    }
    await sleep(pollMilliseconds, state);
  }
}

async function pollList(handlers, state) {
  const seen = new Map();
  while (!state.stopped) {
    const page = await get('/api/training-jobs' + query({ limit: 100 }));
    for (const job of page.items) {
      if (seen.get(job.id) !== job.status) {
        seen.set(job.id, job.status);
        handlers.status?.({ jobId: job.id, status: job.status, at: new Date().toISOString(), reason: job.stopReason ?? null, worker: null, attempt: job.attempts });
      }
    }
    await sleep(pollMilliseconds * 2, state);
  }
}

function sleep(ms, state) {
  return new Promise((resolve) => { state.timer = setTimeout(resolve, ms); });
}
