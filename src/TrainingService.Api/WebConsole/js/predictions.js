// Predictions: score a stored dataset or pasted rows with a model's trained weights (its latest succeeded job, or
// one chosen), and the model's stored predictions with their metrics.
import { ApiError, get, post, query } from './api.js';
import { errorNotice, formatDate, formatNumber, h, shortId } from './dom.js';
import { evaluationView } from './jobs.js';

const rowsShown = 100;

export async function view(container, _id, params) {
  const [models, datasets] = await Promise.all([get('/api/models' + query({ limit: 1000 })), get('/api/datasets' + query({ limit: 1000 }))]);
  const trained = models.items.filter((m) => m.latestTrainingJobId);
  container.append(h('h1', {}, 'Predictions'));
  if (trained.length === 0) {
    container.append(h('p', { class: 'notice' }, 'No trained model yet: ', h('a', { href: '#/jobs/new' }, 'train one'), ' first.'));
    return;
  }
  const model = h('select', { id: 'prediction-model' }, trained.map((m) => h('option', { value: m.id, selected: m.id === params?.get('model') }, `${m.name} (${m.task} of ${m.targetColumn})`)));
  const sourceDataset = h('input', { type: 'radio', name: 'source', id: 'source-dataset', value: 'dataset', checked: true });
  const sourceRows = h('input', { type: 'radio', name: 'source', id: 'source-rows', value: 'rows' });
  const dataset = h('select', { id: 'prediction-dataset', 'aria-describedby': 'error-datasetId' }, datasets.items.map((d) => h('option', { value: d.id }, `${d.name} (${formatNumber(d.rowCount)} rows)`)));
  const rows = h('textarea', { id: 'prediction-rows', spellcheck: 'false', 'aria-describedby': 'error-rows', placeholder: '[{ "x": 1.5, "shade": "dark" }]' });
  const datasetError = h('p', { class: 'field-error', id: 'error-datasetId' });
  const rowsError = h('p', { class: 'field-error', id: 'error-rows' });
  const general = h('div');
  const submit = h('button', { type: 'submit', id: 'predict' }, 'Predict');
  const result = h('div', { id: 'prediction-result' });
  const stored = h('div', { id: 'stored-predictions' });
  const datasetPanel = h('div', {}, h('label', { for: 'prediction-dataset' }, 'Dataset'), dataset, datasetError);
  const rowsPanel = h('div', { hidden: true }, h('label', { for: 'prediction-rows' }, 'Rows (a JSON array of objects keyed by column name)'), rows, rowsError);
  const syncSource = () => { datasetPanel.hidden = !sourceDataset.checked; rowsPanel.hidden = !sourceRows.checked; };
  sourceDataset.addEventListener('change', syncSource);
  sourceRows.addEventListener('change', syncSource);

  const form = h('form', { id: 'prediction-form', novalidate: true },
    h('label', { for: 'prediction-model' }, 'Model'), model,
    h('fieldset', {}, h('legend', {}, 'Predict'),
      h('label', { for: 'source-dataset', class: 'inline' }, sourceDataset, ' a stored dataset'),
      h('label', { for: 'source-rows', class: 'inline' }, sourceRows, ' pasted rows')),
    datasetPanel, rowsPanel, general, h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [input, error] of [[dataset, datasetError], [rows, rowsError]]) { error.textContent = ''; input.removeAttribute('aria-invalid'); }
    general.replaceChildren();
    let body;
    if (sourceRows.checked) {
      try { body = { rows: JSON.parse(rows.value) }; } catch (e) { rowsError.textContent = `Not valid JSON: ${e.message}`; rows.setAttribute('aria-invalid', 'true'); rows.focus(); return; }
    } else body = { datasetId: dataset.value };
    submit.disabled = true;
    try {
      const prediction = await post(`/api/models/${model.value}/predictions`, body);
      result.replaceChildren(predictionView(prediction));
      await refreshStored();
    } catch (error) {
      const errors = error instanceof ApiError ? error.problem?.errors : null;
      if (!errors) { general.append(errorNotice(error)); return; }
      const unplaced = [];
      for (const [path, messages] of Object.entries(errors)) {
        const [input, target] = path === 'datasetId' ? [dataset, datasetError] : path.startsWith('rows') ? [rows, rowsError] : [null, null];
        if (target) { target.textContent += `${path}: ${messages.join(' ')} `; input.setAttribute('aria-invalid', 'true'); }
        else unplaced.push(h('li', {}, h('code', {}, path), ': ', messages.join(' ')));
      }
      if (unplaced.length) general.append(h('ul', { class: 'errors-list' }, unplaced));
    } finally {
      submit.disabled = false;
    }
  });

  async function refreshStored() {
    const page = await get(`/api/models/${model.value}/predictions` + query({ limit: 50 }));
    stored.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'None stored for this model.') :
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Made', 'Rows', 'Job', 'Metrics', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.items.map((p) => {
          const open = h('button', { type: 'button', class: 'secondary' }, 'Show');
          open.addEventListener('click', async () => {
            try { result.replaceChildren(predictionView(await get(`/api/models/${model.value}/predictions/${p.id}` + query({ limit: rowsShown })))); result.querySelector('h2')?.focus(); }
            catch (error) { result.replaceChildren(errorNotice(error)); }
          });
          return h('tr', {}, h('td', {}, formatDate(p.createdAt)), h('td', { class: 'num' }, formatNumber(p.rowCount)),
            h('td', {}, h('a', { href: `#/jobs/${p.trainingJobId}` }, shortId(p.trainingJobId))), h('td', {}, metricsText(p.metrics)), h('td', {}, open));
        })))));
  }
  model.addEventListener('change', () => { result.replaceChildren(); refreshStored(); });

  container.append(form, result, h('h2', {}, 'Stored predictions'), stored);
  await refreshStored();
  const shown = params?.get('prediction');
  if (shown) result.replaceChildren(predictionView(await get(`/api/models/${model.value}/predictions/${shown}` + query({ limit: rowsShown }))));
}

function metricsText(metrics) {
  return metrics ? Object.entries(metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(' · ') : '—';
}

function predictionView(prediction) {
  const rows = prediction.predictions.slice(0, rowsShown);
  const classes = rows.find((r) => r.probabilities)?.probabilities;
  const classNames = classes ? Object.keys(classes) : [];
  return h('section', { 'data-prediction': prediction.id },
    h('h2', { tabindex: '-1' }, `Prediction of ${formatNumber(prediction.rowCount)} rows`),
    h('p', { class: 'muted' }, `made ${formatDate(prediction.createdAt)} with job `, h('a', { href: `#/jobs/${prediction.trainingJobId}` }, shortId(prediction.trainingJobId)),
      prediction.metrics ? ` · ${metricsText(prediction.metrics)}` : ''),
    prediction.warnings?.length ? h('ul', { class: 'notice' }, prediction.warnings.map((w) => h('li', {}, w))) : null,
    prediction.evaluation ? evaluationView({ evaluation: prediction.evaluation, status: 'succeeded' }) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'predicted-rows' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'row'), classNames.length ? [h('th', { scope: 'col' }, 'label'), classNames.map((c) => h('th', { scope: 'col', class: 'num' }, `P(${c})`))] : h('th', { scope: 'col', class: 'num' }, 'value'))),
      h('tbody', {}, rows.map((r, i) => h('tr', {}, h('td', { class: 'num' }, prediction.offset + i + 1),
        classNames.length ? [h('td', {}, r.label), classNames.map((c) => h('td', { class: 'num' }, formatNumber(r.probabilities?.[c])))] : h('td', { class: 'num' }, formatNumber(r.value))))))),
    prediction.rowCount > rows.length ? h('p', { class: 'muted' }, `The first ${rows.length} rows of ${formatNumber(prediction.rowCount)}.`) : null);
}
