// Datasets: the list with an upload form (progress from XHR upload events), and a dataset's columns with their
// statistics and, for numeric columns, the server-computed histogram.
import { ApiError, get, query, upload } from './api.js';
import { histogramChart } from './charts.js';
import { errorNotice, formatBytes, formatDate, formatNumber, h } from './dom.js';

export async function list(view) {
  const status = h('p', { class: 'muted', id: 'upload-status', role: 'status' });
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const fileError = h('p', { class: 'field-error', id: 'file-error' });
  const nameError = h('p', { class: 'field-error', id: 'name-error' });
  const fileInput = h('input', { type: 'file', id: 'dataset-file', name: 'file', accept: '.csv,.gz,text/csv', required: true, 'aria-describedby': 'file-error' });
  const nameInput = h('input', { type: 'text', id: 'dataset-name', name: 'name', placeholder: 'the file name', 'aria-describedby': 'name-error' });
  const button = h('button', { type: 'submit' }, 'Upload');
  const tableHost = h('div');

  const form = h('form', { id: 'upload-form', novalidate: true },
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'dataset-file' }, 'CSV file (or .csv.gz)'), fileInput, fileError),
      h('div', {}, h('label', { for: 'dataset-name' }, 'Name (optional)'), nameInput, nameError)),
    h('div', { class: 'actions' }, button, progress, status));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [input, error] of [[fileInput, fileError], [nameInput, nameError]]) { input.removeAttribute('aria-invalid'); error.textContent = ''; }
    const file = fileInput.files[0];
    if (!file) { fileInput.setAttribute('aria-invalid', 'true'); fileError.textContent = 'Choose a CSV file.'; fileInput.focus(); return; }
    const data = new FormData();
    data.append('file', file, file.name);
    if (nameInput.value.trim()) data.append('name', nameInput.value.trim());
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = `Uploading ${file.name}…`;
    try {
      const dataset = await upload('/api/datasets', data, (sent, total) => {
        progress.value = Math.round((sent / total) * 100);
        status.textContent = sent < total ? `Uploading ${file.name}: ${formatBytes(sent)} of ${formatBytes(total)}` : 'Reading the columns…';
      });
      status.textContent = `Stored ${dataset.name}: ${formatNumber(dataset.rowCount)} rows, ${dataset.columnCount} columns.`;
      form.reset();
      await refresh();
    } catch (error) {
      status.textContent = '';
      const problem = error instanceof ApiError ? error.problem : null;
      // The API names the field: the form field "file" (its problems say field: "file") or "name".
      const field = problem?.field ?? Object.keys(problem?.errors ?? {})[0] ?? 'file';
      const message = problem?.errors?.[field]?.join(' ') ?? [problem?.title, problem?.detail].filter(Boolean).join(' ');
      const [input, target] = field === 'name' ? [nameInput, nameError] : [fileInput, fileError];
      input.setAttribute('aria-invalid', 'true');
      target.textContent = message || error.message;
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });

  async function refresh() {
    const page = await get('/api/datasets' + query({ limit: 100 }));
    // Wrapped in h(): replaceChildren would write a null child as the text "null".
    tableHost.replaceChildren(h('div', {}, page.items.length === 0
      ? h('p', { class: 'muted' }, 'No datasets yet: upload a CSV file above.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'datasets-table' },
        h('thead', {}, h('tr', {}, ['Name', 'Rows', 'Columns', 'Stored size', 'Uploaded'].map((t, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : null }, t)))),
        h('tbody', {}, page.items.map((d) => h('tr', {},
          h('td', {}, h('a', { href: `#/datasets/${d.id}` }, d.name)),
          h('td', { class: 'num' }, formatNumber(d.rowCount)), h('td', { class: 'num' }, d.columnCount),
          h('td', { class: 'num' }, formatBytes(d.sizeBytes)), h('td', {}, formatDate(d.createdAt))))))),
      page.total > page.items.length ? h('p', { class: 'muted' }, `Showing the newest ${page.items.length} of ${page.total}.`) : null));
  }

  view.append(h('h1', {}, 'Datasets'), h('h2', {}, 'Upload'), form, h('h2', {}, 'Stored datasets'), tableHost);
  await refresh();
}

export async function detail(view, id) {
  const dataset = await get(`/api/datasets/${id}`);
  view.append(
    h('p', {}, h('a', { href: '#/datasets' }, '← Datasets')),
    h('h1', {}, dataset.name),
    h('p', { class: 'muted' }, `${formatNumber(dataset.rowCount)} rows · ${dataset.columnCount} columns · ${formatBytes(dataset.sizeBytes)} stored · uploaded ${formatDate(dataset.createdAt)}`),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: `#/models/new?target=${encodeURIComponent(dataset.columns.at(-1)?.name ?? '')}` }, 'Define a model for it'),
      h('a', { class: 'button secondary', href: `#/jobs/new?dataset=${id}` }, 'Train a model on it')));
  const cards = h('div', { class: 'cards', id: 'columns' });
  view.append(h('h2', {}, 'Columns'), cards);
  for (const column of dataset.columns) {
    const stats = column.type === 'numeric'
      ? [['min', column.min], ['max', column.max], ['mean', column.mean], ['std', column.std]]
      : [['distinct', column.distinctCount]];
    const card = h('article', { class: 'card', 'data-column': column.name },
      h('h3', {}, column.name),
      h('dl', { class: 'stats' },
        h('dt', {}, 'type'), h('dd', {}, column.type),
        h('dt', {}, 'missing'), h('dd', {}, formatNumber(column.missingCount)),
        stats.map(([k, v]) => [h('dt', {}, k), h('dd', {}, formatNumber(v))])),
      column.categories ? h('p', { class: 'muted' }, column.categories.slice(0, 12).join(', ') + (column.distinctCount > 12 ? ', …' : '')) : null);
    cards.append(card);
    if (column.type === 'numeric' && column.min !== null) {
      get(`/api/datasets/${id}/columns/${encodeURIComponent(column.name)}/histogram` + query({ bins: 24 }))
        .then((histogram) => card.append(histogramChart(histogram, column.name)))
        .catch((error) => card.append(errorNotice(error)));
    }
  }
}
