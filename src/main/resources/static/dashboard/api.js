// The dashboard's only ways to the server: the public GraphQL API and the CSV exports, both with
// the analytics key the user entered (Authorization: Bearer). Nothing else is fetched.

const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const KEY_STORAGE = 'gallery-analytics.key';

export { config };

/** The key of this browser session: the one entered, else the one the server prefilled (demo). */
export function currentKey() {
  return sessionStorage.getItem(KEY_STORAGE) || config.defaultKey || '';
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export class ApiError extends Error {}

/** Sends one GraphQL request; resolves to `data`, rejects with the first error's message. */
export async function graphql(query, variables, signal) {
  const key = currentKey();
  if (!key) throw new ApiError('Enter an analytics key to see the data.');
  let response;
  try {
    response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: 'Bearer ' + key },
      body: JSON.stringify({ query, variables }),
      signal
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('The server cannot be reached: ' + e.message);
  }
  const body = await readJson(response);
  if (body && Array.isArray(body.errors) && body.errors.length) {
    throw new ApiError(body.errors[0].message || 'The request failed.');
  }
  if (!response.ok || !body || !body.data) {
    throw new ApiError(httpMessage(response, body));
  }
  return body.data;
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

function httpMessage(response, body) {
  if (body && body.message) return body.message;
  if (response.status === 401 || response.status === 403) {
    return 'The analytics key was refused (HTTP ' + response.status + '): check the key.';
  }
  return 'The server answered HTTP ' + response.status + '.';
}

/**
 * Downloads /v1/export/{table}.csv with the given query parameters. The export needs the
 * Authorization header, which a plain link cannot send: fetch it, then save the Blob.
 */
export async function downloadCsv(table, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(name, value.join(','));
    } else {
      query.set(name, String(value));
    }
  }
  const response = await fetch(config.exportBase + encodeURIComponent(table) + '.csv?' + query, {
    headers: { Authorization: 'Bearer ' + currentKey() }
  });
  if (!response.ok) {
    throw new ApiError(httpMessage(response, await readJson(response)));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = table + '.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
