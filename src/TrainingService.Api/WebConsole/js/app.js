// The console's shell: sign-in, the hash router (#/section/id: nothing sensitive ever goes in the URL), and the
// section views. Each view renders into #view and returns a function that stops its timers and streams.
import { ApiError, get, post, session } from './api.js';
import { clear, errorNotice, h } from './dom.js';
import * as datasets from './datasets.js';
import * as models from './models.js';
import * as jobs from './jobs.js';
import * as predictions from './predictions.js';

const routes = [
  [/^#\/datasets\/?$/, 'datasets', datasets.list],
  [/^#\/datasets\/([0-9a-f-]{36})$/, 'datasets', datasets.detail],
  [/^#\/models\/?$/, 'models', models.list],
  [/^#\/models\/new$/, 'models', models.create],
  [/^#\/models\/([0-9a-f-]{36})$/, 'models', models.detail],
  [/^#\/jobs\/?$/, 'jobs', jobs.list],
  [/^#\/jobs\/new$/, 'jobs', jobs.create],
  [/^#\/jobs\/([0-9a-f-]{36})$/, 'jobs', jobs.detail],
  [/^#\/predictions\/?$/, 'predictions', predictions.view],
];

const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const nav = document.getElementById('nav');
let cleanup = null;

function showSignIn(message) {
  cleanup?.();
  cleanup = null;
  clear(view);
  nav.hidden = true;
  signIn.hidden = false;
  document.getElementById('api-key-error').textContent = message ?? '';
  document.getElementById('api-key').focus();
}

async function route() {
  if (!session.key) return showSignIn();
  signIn.hidden = true;
  nav.hidden = false;
  const [hash, search] = (location.hash || '#/datasets').split('?');
  const match = routes.map(([pattern, section, render]) => [hash.match(pattern), section, render]).find(([m]) => m);
  cleanup?.();
  cleanup = null;
  clear(view);
  if (!match) {
    view.append(h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/datasets' }, 'Go to the datasets.')));
    return;
  }
  const [found, section, render] = match;
  for (const link of nav.querySelectorAll('a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    cleanup = (await render(view, found[1], new URLSearchParams(search ?? ''))) ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    view.append(errorNotice(error));
  }
  // Move focus to the new page's heading for keyboard and screen-reader users, as a full page load would.
  const heading = view.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  const error = document.getElementById('api-key-error');
  if (!key) { error.textContent = 'Paste an API key.'; input.setAttribute('aria-invalid', 'true'); return; }
  try {
    // Any tenant route answers 401 to a wrong key and 403 to the administrator's; a page of one dataset is cheapest.
    await get('/api/datasets?limit=1', { key });
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      administratorKey = key;
      input.value = '';
      administrator.hidden = false;
      document.getElementById('tenant-name').focus();
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    error.textContent = e instanceof ApiError && e.status === 401
      ? 'This key was not accepted: check it is complete and not revoked.'
      : `Could not check the key: ${e.message}`;
    return;
  }
  input.removeAttribute('aria-invalid');
  input.value = '';
  enter(key);
});

// The administrator's key is used for this one call and then forgotten: it is never stored, not even for the session.
let administratorKey = null;
const administrator = document.getElementById('administrator');
document.getElementById('tenant-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = document.getElementById('tenant-name');
  const error = document.getElementById('tenant-name-error');
  error.textContent = '';
  try {
    const tenant = await post('/api/tenants', { name: name.value.trim() }, { key: administratorKey });
    administratorKey = null;
    administrator.hidden = true;
    name.value = '';
    notice.replaceChildren(h('div', { class: 'notice', id: 'new-key' },
      h('p', {}, `Tenant ${tenant.name} created. Its key, shown this once (keep it to sign in again): `, h('code', { id: 'new-key-value' }, tenant.apiKey)),
      h('button', { type: 'button', class: 'secondary', onclick: () => notice.replaceChildren() }, 'Dismiss')));
    enter(tenant.apiKey);
  } catch (e) {
    name.setAttribute('aria-invalid', 'true');
    error.textContent = e.problem?.errors?.name?.join(' ') ?? e.message;
  }
});

const notice = document.getElementById('notice');

function enter(key) {
  session.signIn(key);
  if (!location.hash) location.hash = '#/datasets'; else route();
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  notice.replaceChildren();
  showSignIn();
});

window.addEventListener('console:unauthorized', () => {
  session.signOut();
  showSignIn('The key is no longer accepted; sign in again.');
});

window.addEventListener('hashchange', route);
route();
