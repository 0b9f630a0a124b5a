// Training jobs: the list with live statuses, the submit form, and a job's page: live loss and metric curves as
// epochs arrive, progress within the epoch and the ETA, the plan, the evaluation (confusion matrix heat map and
// per-class metrics), cancel and the trained model's download.
import { ApiError, download, get, post, query } from './api.js';
import { confusionHeatmap, curveChart, perClassTable } from './charts.js';
import { errorNotice, formatDate, formatDuration, formatNumber, h, shortId, statusBadge } from './dom.js';
import { finished, follow } from './live.js';

export async function list(view, _id, params) {
  const page = await get('/api/training-jobs' + query({ limit: 100, status: params?.get('status') }));
  const models = await namesOf('/api/models');
  const rows = new Map();
  const tbody = h('tbody', {}, page.items.map((job) => {
    const badge = h('td', { 'data-status-cell': job.id }, statusBadge(job.status));
    const row = h('tr', { 'data-job': job.id },
      h('td', {}, h('a', { href: `#/jobs/${job.id}` }, shortId(job.id))), badge,
      h('td', {}, models.get(job.modelId) ?? shortId(job.modelId)), h('td', {}, job.dataset.name),
      h('td', { class: 'num' }, `${job.epochsCompleted}/${job.epochs}`), h('td', {}, formatDate(job.createdAt)));
    rows.set(job.id, badge);
    return row;
  }));
  view.append(h('h1', {}, 'Training jobs'),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/jobs/new' }, 'Train a model')),
    page.items.length === 0 ? h('p', { class: 'muted' }, 'No training jobs yet.') :
      h('div', { class: 'table-wrap' }, h('table', { id: 'jobs-table' },
        h('thead', {}, h('tr', {}, ['Job', 'Status', 'Model', 'Dataset', 'Epochs', 'Created'].map((t) => h('th', { scope: 'col', class: t === 'Epochs' ? 'num' : null }, t)))), tbody)));
  // Statuses change in place as events arrive; a job submitted elsewhere shows on the next visit.
  return follow(null, {
    status: (event) => rows.get(event.jobId)?.replaceChildren(statusBadge(event.status)),
    error: () => {},
  });
}

async function namesOf(path) {
  const page = await get(path + query({ limit: 1000 }));
  return new Map(page.items.map((item) => [item.id, item.name]));
}

export async function create(view, _id, params) {
  const [models, datasets] = await Promise.all([get('/api/models' + query({ limit: 1000 })), get('/api/datasets' + query({ limit: 1000 }))]);
  const errorsFor = new Map();
  const field = (path, label, input, hint) => {
    const error = h('p', { class: 'field-error', id: `error-${path}` });
    input.id = `job-${path}`;
    input.setAttribute('aria-describedby', error.id);
    errorsFor.set(path, { error, input });
    return h('div', {}, h('label', { for: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null, error);
  };
  const choose = (items, selected, describe) => h('select', {}, h('option', { value: '' }, '— choose —'),
    items.map((item) => h('option', { value: item.id, selected: item.id === selected }, describe(item))));
  const model = choose(models.items, params?.get('model') ?? models.items[0]?.id, (m) => `${m.name} (${m.task} of ${m.targetColumn})`);
  const dataset = choose(datasets.items, params?.get('dataset') ?? datasets.items[0]?.id, (d) => `${d.name} (${formatNumber(d.rowCount)} rows)`);
  const epochs = h('input', { type: 'text', inputmode: 'numeric', value: '20' });
  const batchSize = h('input', { type: 'text', inputmode: 'numeric', value: '32' });
  const validationSplit = h('input', { type: 'text', inputmode: 'decimal', value: '0.2' });
  const maxRuntime = h('input', { type: 'text', inputmode: 'numeric', placeholder: 'no limit' });
  const general = h('div', { id: 'job-errors' });
  const submit = h('button', { type: 'submit', id: 'start-job' }, 'Start training');
  const form = h('form', { id: 'job-form', novalidate: true }, general,
    h('div', { class: 'row' }, field('modelId', 'Model', model), field('datasetId', 'Dataset', dataset)),
    h('div', { class: 'row' }, field('epochs', 'Epochs', epochs), field('batchSize', 'Batch size', batchSize),
      field('validationSplit', 'Validation split', validationSplit, 'Share of rows held out, 0 to < 1.'),
      field('maxRuntimeSeconds', 'Time limit (seconds, optional)', maxRuntime)),
    h('div', { class: 'actions' }, submit));
  const number = (input) => input.value.trim() === '' ? undefined : Number(input.value.trim());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    general.replaceChildren();
    for (const { error, input } of errorsFor.values()) { error.textContent = ''; input.removeAttribute('aria-invalid'); }
    const body = {
      modelId: model.value || null, datasetId: dataset.value || null, epochs: number(epochs), batchSize: number(batchSize),
      validationSplit: number(validationSplit), maxRuntimeSeconds: number(maxRuntime),
    };
    submit.disabled = true;
    try {
      const job = await post('/api/training-jobs', body);
      location.hash = `#/jobs/${job.id}`;
    } catch (error) {
      if (!(error instanceof ApiError) || !error.problem?.errors) { general.append(errorNotice(error)); return; }
      let first = null;
      const unplaced = [];
      for (const [path, messages] of Object.entries(error.problem.errors)) {
        const target = errorsFor.get(path.split(/[.[]/)[0]);
        if (target) { target.error.textContent = messages.join(' '); target.input.setAttribute('aria-invalid', 'true'); first ??= target.input; }
        else unplaced.push(h('li', {}, h('code', {}, path), ': ', messages.join(' ')));
      }
      if (unplaced.length) general.append(h('ul', { class: 'errors-list' }, unplaced));
      first?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  view.append(h('p', {}, h('a', { href: '#/jobs' }, '← Training jobs')), h('h1', {}, 'Train a model'),
    models.items.length && datasets.items.length ? form
      : h('p', { class: 'notice' }, 'First ', h('a', { href: '#/datasets' }, 'upload a dataset'), ' and ', h('a', { href: '#/models/new' }, 'define a model'), '.'));
}

export async function detail(view, id) {
  let job = await get(`/api/training-jobs/${id}`);
  const model = await get(`/api/models/${job.modelId}`).catch(() => null);
  const page = h('div', { id: 'job', 'data-job-status': job.status });
  const badge = h('span', { id: 'job-status' }, statusBadge(job.status));
  const statusNote = h('span', { class: 'muted', id: 'job-status-note' });
  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-job' }, 'Cancel');
  const downloadButton = h('button', { type: 'button', class: 'secondary', id: 'download-model' }, 'Download the trained model');
  const actionStatus = h('div', { role: 'status' });
  const epochBar = h('progress', { id: 'epoch-progress', max: String(job.epochs), value: String(job.epochsCompleted), 'aria-label': 'Epochs completed' });
  const epochText = h('span', { id: 'epoch-text' });
  const batchBar = h('progress', { id: 'batch-progress', max: '1', value: '0', 'aria-label': 'Progress within the current epoch' });
  const batchText = h('span', { id: 'batch-text', class: 'muted' });
  const eta = h('span', { id: 'eta' });
  // Shown once the server reports batches (the events stream); polling sees whole epochs only.
  const batchBlock = h('div', { id: 'batch-block', hidden: true }, h('label', { for: 'batch-progress' }, 'This epoch'), batchBar, ' ', batchText);
  const charts = h('div', { class: 'charts', id: 'charts' });
  const evaluationHost = h('div', { id: 'evaluation-host' });

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      const answer = await post(`/api/training-jobs/${id}/cancel`);
      setStatus(answer?.status ?? 'cancelling');
      actionStatus.replaceChildren(h('p', {}, 'Cancel requested: the worker stops within one batch.'));
    } catch (error) { actionStatus.replaceChildren(errorNotice(error)); cancel.disabled = false; }
  });
  downloadButton.addEventListener('click', async () => {
    try { await download(`/api/training-jobs/${id}/model`, `model-${id}.tsmodel`); } catch (error) { actionStatus.replaceChildren(errorNotice(error)); }
  });

  view.append(page);
  page.append(
    h('p', {}, h('a', { href: '#/jobs' }, '← Training jobs')),
    h('h1', {}, `Training job ${shortId(id)}`),
    h('p', {}, badge, ' ', statusNote),
    h('p', { class: 'muted' }, 'Model ', model ? h('a', { href: `#/models/${model.id}` }, model.name) : shortId(job.modelId),
      ' on ', job.dataset.deleted ? `${job.dataset.name} (deleted)` : h('a', { href: `#/datasets/${job.dataset.id}` }, job.dataset.name),
      ` · ${formatNumber(job.dataset.rowCount)} rows · batch ${job.options?.batchSize ?? '—'} · created ${formatDate(job.createdAt)}`),
    h('div', { class: 'actions' }, cancel, downloadButton), actionStatus,
    h('h2', {}, 'Progress'),
    h('div', {}, h('label', { for: 'epoch-progress' }, 'Epochs'), epochBar, ' ', epochText),
    batchBlock,
    h('p', {}, 'Time left: ', eta),
    h('h2', {}, 'Curves'), charts,
    h('h2', {}, 'Plan'), planView(job.plan),
    h('h2', {}, 'Evaluation'), evaluationHost);

  const loss = curveChart(charts, 'Loss', 'loss');
  loss.element.id = 'loss-chart';
  const metricCharts = new Map();
  let lastEpoch = 0;
  const durations = [];

  function setStatus(status, reason) {
    page.dataset.jobStatus = status;
    badge.replaceChildren(statusBadge(status));
    statusNote.textContent = reason ? `(${reason})` : '';
    cancel.hidden = !(status === 'queued' || status === 'running');
    downloadButton.hidden = status !== 'succeeded';
    if (finished.has(status)) { batchBlock.hidden = true; eta.textContent = '—'; }
  }

  function addEpoch(epoch) {
    if (epoch.epoch <= lastEpoch) return; // a replay after a reconnect
    lastEpoch = epoch.epoch;
    loss.push(epoch.epoch, { train: epoch.trainLoss, validation: epoch.validationLoss });
    // One point per epoch and metric, holding both splits: two pushes would add the epoch twice.
    const byMetric = new Map();
    for (const [split, metrics] of [['train', epoch.trainMetrics], ['validation', epoch.validationMetrics]])
      for (const [name, value] of Object.entries(metrics ?? {})) byMetric.set(name, { ...byMetric.get(name), [split]: value });
    for (const [name, values] of byMetric) {
      if (!metricCharts.has(name)) metricCharts.set(name, curveChart(charts, name, name));
      metricCharts.get(name).push(epoch.epoch, values);
    }
    durations.push(epoch.durationMs);
    epochBar.value = epoch.epoch;
    epochText.textContent = `${epoch.epoch} of ${job.epochs}`;
    if (!finished.has(page.dataset.jobStatus)) {
      const recent = durations.slice(-5);
      const average = recent.reduce((s, d) => s + d, 0) / recent.length / 1000;
      eta.textContent = `about ${formatDuration(average * (job.epochs - epoch.epoch))} (from the last epochs' times)`;
    }
  }

  async function showEvaluation() {
    job = await get(`/api/training-jobs/${id}`);
    evaluationHost.replaceChildren(evaluationView(job));
  }

  setStatus(job.status, job.stopReason);
  epochText.textContent = `${job.epochsCompleted} of ${job.epochs}`;
  evaluationHost.replaceChildren(evaluationView(job));

  return follow(id, {
    status: (e) => setStatus(e.status, e.reason),
    epoch: addEpoch,
    progress: (p) => {
      if (finished.has(page.dataset.jobStatus)) return;
      batchBlock.hidden = false;
      batchBar.max = p.batchesPerEpoch || 1;
      batchBar.value = p.batchesCompleted;
      batchText.textContent = `epoch ${p.epoch}: batch ${p.batchesCompleted} of ${p.batchesPerEpoch}` + (p.samplesPerSecond ? ` · ${formatNumber(Math.round(p.samplesPerSecond))} samples/s` : '');
      if (p.jobEtaSeconds !== null && p.jobEtaSeconds !== undefined) eta.textContent = formatDuration(p.jobEtaSeconds);
    },
    end: async (e) => {
      setStatus(e.status, e.stopReason);
      if (e.error) actionStatus.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, e.error));
      await showEvaluation();
    },
    error: (error) => actionStatus.replaceChildren(errorNotice(error)),
  });
}

function planView(plan) {
  if (!plan) return h('p', { class: 'muted' }, 'No plan stored for this job.');
  return h('div', { id: 'plan' },
    h('dl', { class: 'stats' },
      h('dt', {}, 'target'), h('dd', {}, plan.targetColumn),
      h('dt', {}, 'loss'), h('dd', {}, plan.loss),
      h('dt', {}, 'output'), h('dd', {}, `${plan.outputUnits} ${plan.outputActivation}`),
      h('dt', {}, 'inputs'), h('dd', {}, formatNumber(plan.inputWidth)),
      h('dt', {}, 'parameters'), h('dd', {}, formatNumber(plan.parameters)),
      h('dt', {}, 'training rows'), h('dd', {}, formatNumber(plan.trainingRows)),
      h('dt', {}, 'validation rows'), h('dd', {}, formatNumber(plan.validationRows)),
      h('dt', {}, 'missing values'), h('dd', {}, plan.missingValues)),
    h('h3', {}, 'Features'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['column', 'type', 'encoding', 'width'].map((t, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t)))),
      h('tbody', {}, plan.features.map((f) => h('tr', {}, h('td', {}, f.column), h('td', {}, f.type), h('td', {}, f.encoding), h('td', { class: 'num' }, f.width)))))),
    h('h3', {}, 'Layers'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['#', 'layer', 'type', 'outputs', 'parameters'].map((t, i) => h('th', { scope: 'col', class: i >= 3 ? 'num' : null }, t)))),
      h('tbody', {}, plan.layers.map((l) => h('tr', {}, h('td', {}, l.index), h('td', {}, l.name), h('td', {}, l.type),
        h('td', { class: 'num' }, l.outputSize), h('td', { class: 'num' }, formatNumber(l.parameterCount))))))));
}

export function evaluationView(holder) {
  const evaluation = holder.evaluation;
  if (!evaluation) return h('p', { class: 'muted' }, finished.has(holder.status) ? 'No evaluation: the job did not succeed.' : 'Shown when the job succeeds.');
  const summary = h('p', { class: 'muted' }, `Scored on ${formatNumber(evaluation.rows)} ${evaluation.source} rows.`);
  if (evaluation.classification) {
    const c = evaluation.classification;
    return h('details', { id: 'evaluation' },
      h('summary', {}, `Confusion matrix and per-class metrics · accuracy ${formatNumber(c.accuracy)}`),
      summary,
      h('dl', { class: 'stats' },
        h('dt', {}, 'accuracy'), h('dd', {}, formatNumber(c.accuracy)),
        h('dt', {}, 'macro F1'), h('dd', {}, formatNumber(c.macroAverage?.f1)),
        h('dt', {}, 'weighted F1'), h('dd', {}, formatNumber(c.weightedAverage?.f1)),
        h('dt', {}, 'log loss'), h('dd', {}, formatNumber(c.logLoss)),
        h('dt', {}, 'ROC AUC'), h('dd', {}, formatNumber(c.rocAuc))),
      confusionHeatmap(c), perClassTable(c));
  }
  const r = evaluation.regression ?? {};
  return h('details', { id: 'evaluation', open: true }, h('summary', {}, 'Regression metrics'), summary,
    h('dl', { class: 'stats' }, Object.entries(r).filter(([, v]) => typeof v === 'number').map(([k, v]) => [h('dt', {}, k), h('dd', {}, formatNumber(v))])));
}

