// Models: the list, a definition from a form or pasted JSON (each validation error shown next to the field its JSON
// path names), and a model's page with its definition and jobs.
import { ApiError, del, get, post, query } from './api.js';
import { errorNotice, formatDate, formatNumber, h, shortId, statusBadge } from './dom.js';

const activations = ['relu', 'leakyRelu', 'elu', 'gelu', 'sigmoid', 'tanh', 'linear'];
const optimizers = ['adam', 'adamw', 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta'];
const losses = ['auto', 'categoricalCrossEntropy', 'binaryCrossEntropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'];
const layerTypes = ['dense', 'dropout', 'batchNormalization'];

export async function list(view) {
  const page = await get('/api/models' + query({ limit: 100 }));
  view.append(h('h1', {}, 'Models'),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/models/new' }, 'New model')),
    page.items.length === 0 ? h('p', { class: 'muted' }, 'No models yet.') :
      h('div', { class: 'table-wrap' }, h('table', { id: 'models-table' },
        h('thead', {}, h('tr', {}, ['Name', 'Task', 'Target', 'Layers', 'Output', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.items.map((m) => h('tr', {},
          h('td', {}, h('a', { href: `#/models/${m.id}` }, m.name)), h('td', {}, m.task), h('td', {}, m.targetColumn),
          h('td', {}, describeLayers(m.layers)), h('td', {}, m.outputLayer), h('td', {}, formatDate(m.createdAt))))))));
}

function describeLayers(layers) {
  if (!layers?.length) return 'none (linear)';
  return layers.map((l) => l.type === 'dense' ? `${l.units} ${l.activation}` : l.type === 'dropout' ? `dropout ${l.rate}` : 'batch norm').join(' → ');
}

export async function create(view, _id, params) {
  const errorsFor = new Map(); // JSON path → the element showing its messages
  const general = h('div', { id: 'model-errors' });
  const field = (path, label, input, hint) => {
    const error = h('p', { class: 'field-error', id: `error-${path.replace(/[^a-z0-9]/gi, '-')}`, 'data-error-for': path });
    input.id ||= `field-${path.replace(/[^a-z0-9]/gi, '-')}`;
    input.setAttribute('aria-describedby', error.id);
    errorsFor.set(path, { error, input });
    return h('div', {}, h('label', { for: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null, error);
  };
  const select = (name, options, value) => h('select', { name }, options.map((o) => h('option', { value: o, selected: o === value }, o)));

  const name = h('input', { name: 'name', type: 'text', required: true });
  const task = select('task', ['classification', 'regression'], 'classification');
  const target = h('input', { name: 'targetColumn', type: 'text', value: params?.get('target') ?? '' });
  const features = h('input', { name: 'featureColumns', type: 'text', placeholder: 'every column but the target' });
  const loss = select('loss', losses, 'auto');
  const optimizer = select('optimizer.type', optimizers, 'adam');
  const learningRate = h('input', { name: 'optimizer.learningRate', type: 'text', inputmode: 'decimal', value: '0.01' });
  const seed = h('input', { name: 'seed', type: 'text', inputmode: 'numeric', placeholder: 'random' });
  const layersHost = h('div', { id: 'layers' });
  const layerRows = [];

  function addLayer(type = 'dense', units = 16, activation = 'relu', rate = 0.2) {
    const index = layerRows.length;
    const row = {
      type: select(`layers[${index}].type`, layerTypes, type),
      units: h('input', { type: 'text', inputmode: 'numeric', value: String(units), name: `layers[${index}].units` }),
      activation: select(`layers[${index}].activation`, activations, activation),
      rate: h('input', { type: 'text', inputmode: 'decimal', value: String(rate), name: `layers[${index}].rate` }),
    };
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove layer ${index + 1}` }, 'Remove');
    const fieldset = h('fieldset', { class: 'layer' }, h('legend', {}, `Hidden layer ${index + 1}`),
      h('div', { class: 'row' },
        field(`layers[${index}].type`, 'Type', row.type),
        field(`layers[${index}].units`, 'Units', row.units),
        field(`layers[${index}].activation`, 'Activation', row.activation),
        field(`layers[${index}].rate`, 'Dropout rate', row.rate)),
      h('div', { class: 'actions' }, remove));
    const sync = () => {
      const t = row.type.value;
      row.units.closest('div').hidden = row.activation.closest('div').hidden = t !== 'dense';
      row.rate.closest('div').hidden = t !== 'dropout';
    };
    row.type.addEventListener('change', sync);
    sync();
    remove.addEventListener('click', () => {
      // Renumbering paths after a removal is more confusing than rebuilding: keep the others' values.
      const kept = layerRows.filter((r) => r !== row).map((r) => [r.type.value, r.units.value, r.activation.value, r.rate.value]);
      layerRows.length = 0;
      layersHost.replaceChildren();
      for (const path of [...errorsFor.keys()]) if (path.startsWith('layers[')) errorsFor.delete(path);
      for (const values of kept) addLayer(...values);
      addButton.focus();
    });
    layerRows.push(row);
    layersHost.append(fieldset);
  }
  const addButton = h('button', { type: 'button', class: 'secondary', id: 'add-layer' }, 'Add a hidden layer');
  addButton.addEventListener('click', () => { addLayer(); layersHost.lastElementChild.querySelector('select').focus(); });
  addLayer();
  // Errors about the list itself (too many layers) show above it and send the focus to the add button.
  const layersError = h('p', { class: 'field-error', id: 'error-layers', 'data-error-for': 'layers' });
  errorsFor.set('layers', { error: layersError, input: addButton });

  const number = (text) => text.trim() === '' ? null : Number(text.trim());
  const fromForm = () => {
    const body = {
      name: name.value.trim(), task: task.value, targetColumn: target.value.trim(),
      layers: layerRows.map((r) => r.type.value === 'dense' ? { type: 'dense', units: number(r.units.value), activation: r.activation.value }
        : r.type.value === 'dropout' ? { type: 'dropout', rate: number(r.rate.value) } : { type: r.type.value }),
      loss: loss.value,
      optimizer: { type: optimizer.value, learningRate: number(learningRate.value) },
    };
    const featureList = features.value.split(',').map((f) => f.trim()).filter(Boolean);
    if (featureList.length) body.featureColumns = featureList;
    if (seed.value.trim()) body.seed = number(seed.value);
    return body;
  };

  const json = h('textarea', { id: 'model-json', name: 'json', spellcheck: 'false', 'aria-describedby': 'json-errors' });
  const jsonErrors = h('div', { id: 'json-errors', class: 'errors-list', role: 'alert' });
  const formPanel = h('div', { id: 'form-panel' },
    h('div', { class: 'row' }, field('name', 'Name', name), field('task', 'Task', task)),
    h('div', { class: 'row' }, field('targetColumn', 'Target column', target), field('featureColumns', 'Feature columns (comma-separated, optional)', features)),
    h('h2', {}, 'Hidden layers'), layersError, layersHost, addButton,
    h('h2', {}, 'Training'),
    h('div', { class: 'row' }, field('loss', 'Loss', loss), field('optimizer.type', 'Optimizer', optimizer),
      field('optimizer.learningRate', 'Learning rate', learningRate), field('seed', 'Seed (optional)', seed)));
  const jsonPanel = h('div', { id: 'json-panel', hidden: true },
    h('label', { for: 'model-json' }, 'Model definition (JSON)'),
    h('p', { class: 'hint' }, 'The body of POST /api/models; see /swagger for every field.'), json, jsonErrors);

  const formTab = h('button', { type: 'button', 'aria-pressed': 'true', id: 'tab-form' }, 'Form');
  const jsonTab = h('button', { type: 'button', 'aria-pressed': 'false', id: 'tab-json' }, 'Paste JSON');
  let mode = 'form';
  formTab.addEventListener('click', () => { mode = 'form'; formTab.setAttribute('aria-pressed', 'true'); jsonTab.setAttribute('aria-pressed', 'false'); formPanel.hidden = false; jsonPanel.hidden = true; });
  jsonTab.addEventListener('click', () => {
    mode = 'json'; jsonTab.setAttribute('aria-pressed', 'true'); formTab.setAttribute('aria-pressed', 'false'); formPanel.hidden = true; jsonPanel.hidden = false;
    if (!json.value.trim()) json.value = JSON.stringify(fromForm(), null, 2);
    json.focus();
  });

  const submit = h('button', { type: 'submit', id: 'create-model' }, 'Create model');
  const form = h('form', { id: 'model-form', novalidate: true }, h('div', { class: 'tabs', role: 'group', 'aria-label': 'Define by' }, formTab, jsonTab),
    general, formPanel, jsonPanel, h('div', { class: 'actions' }, submit));

  function clearErrors() {
    general.replaceChildren();
    jsonErrors.replaceChildren();
    for (const { error, input } of errorsFor.values()) { error.textContent = ''; input.removeAttribute('aria-invalid'); }
  }

  function showErrors(errors) {
    const unplaced = [];
    let first = null;
    for (const [path, messages] of Object.entries(errors)) {
      const target = mode === 'form' ? errorsFor.get(path) ?? errorsFor.get(path.replace(/\[\d+\]$/, '')) : null;
      if (target) {
        target.error.textContent = messages.join(' ');
        target.input.setAttribute('aria-invalid', 'true');
        first ??= target.input;
      } else unplaced.push(h('li', { 'data-error-for': path }, h('code', {}, path), ': ', messages.join(' ')));
    }
    if (unplaced.length) (mode === 'json' ? jsonErrors : general).append(h('ul', {}, unplaced));
    if (mode === 'json') json.setAttribute('aria-invalid', 'true');
    (first ?? (mode === 'json' ? json : general)).focus?.();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    let body;
    if (mode === 'json') {
      try { body = JSON.parse(json.value); } catch (e) { jsonErrors.append(h('p', {}, `Not valid JSON: ${e.message}`)); json.setAttribute('aria-invalid', 'true'); return; }
    } else body = fromForm();
    submit.disabled = true;
    try {
      const model = await post('/api/models', body);
      location.hash = `#/models/${model.id}`;
    } catch (error) {
      if (error instanceof ApiError && error.problem?.errors) showErrors(error.problem.errors);
      else general.append(errorNotice(error));
    } finally {
      submit.disabled = false;
    }
  });

  view.append(h('p', {}, h('a', { href: '#/models' }, '← Models')), h('h1', {}, 'New model'), form);
}

export async function detail(view, id) {
  const [model, jobs, predictions] = await Promise.all([
    get(`/api/models/${id}`), get('/api/training-jobs' + query({ modelId: id, limit: 100 })), get(`/api/models/${id}/predictions` + query({ limit: 20 })),
  ]);
  const { id: _, createdAt, latestTrainingJobId, outputLayer, ...definition } = model;
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete model');
  const removeStatus = h('div', { role: 'status' });
  remove.addEventListener('click', async () => {
    if (!confirm(`Delete model ${model.name}?`)) return;
    try { await del(`/api/models/${id}`); location.hash = '#/models'; } catch (error) { removeStatus.replaceChildren(errorNotice(error)); }
  });
  view.append(
    h('p', {}, h('a', { href: '#/models' }, '← Models')),
    h('h1', {}, model.name),
    h('p', { class: 'muted' }, `${model.task} of ${model.targetColumn} · ${describeLayers(model.layers)} · output: ${outputLayer} · created ${formatDate(createdAt)}`),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: `#/jobs/new?model=${id}` }, 'Train it'),
      latestTrainingJobId ? h('a', { class: 'button secondary', href: `#/predictions?model=${id}` }, 'Predict with it') : null,
      remove),
    removeStatus,
    h('h2', {}, 'Training jobs'),
    jobs.items.length === 0 ? h('p', { class: 'muted' }, 'Not trained yet.') :
      h('div', { class: 'table-wrap' }, h('table', { id: 'model-jobs' },
        h('thead', {}, h('tr', {}, ['Job', 'Status', 'Dataset', 'Epochs', 'Validation loss', 'Created'].map((t, i) => h('th', { scope: 'col', class: i === 3 || i === 4 ? 'num' : null }, t)))),
        h('tbody', {}, jobs.items.map((j) => h('tr', {},
          h('td', {}, h('a', { href: `#/jobs/${j.id}` }, shortId(j.id))), h('td', {}, statusBadge(j.status)), h('td', {}, j.dataset.name),
          h('td', { class: 'num' }, `${j.epochsCompleted}/${j.epochs}`), h('td', { class: 'num' }, formatNumber(j.validationLoss)), h('td', {}, formatDate(j.createdAt))))))),
    h('h2', {}, 'Stored predictions'),
    predictions.items.length === 0 ? h('p', { class: 'muted' }, 'None yet.') :
      h('ul', {}, predictions.items.map((p) => h('li', {}, h('a', { href: `#/predictions?model=${id}&prediction=${p.id}` }, `${formatDate(p.createdAt)}: ${p.rowCount} rows`)))),
    h('h2', {}, 'Definition'),
    h('pre', { class: 'json' }, JSON.stringify(definition, null, 2)));
}
