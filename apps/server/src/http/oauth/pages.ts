import type { ProviderPages } from '@marque/oauth';

/** Server-rendered pages of the authorization server: sign-in, consent and the device flow. */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2433;margin:0}
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:.5rem;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{padding:.55rem 1.1rem;font-size:1rem;margin:.8rem .5rem 0 0;cursor:pointer}button.primary{background:#1f4fd1;color:#fff;border:0;border-radius:.3rem}
.error{color:#b00020}.code{font-size:1.8rem;letter-spacing:.15em;font-family:monospace}ul{padding-left:1.2rem}li{margin:.3rem 0}small{color:#555}
input[name=user_code]{text-transform:uppercase;text-align:center;font-size:1.4rem;width:100%;padding:.5rem;box-sizing:border-box}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Marque</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

const abortForm = (uid: string, label: string) =>
  `<form method="post" action="/oauth/interaction/${esc(uid)}/abort"><button type="submit">${esc(label)}</button></form>`;

export function signInPage(p: { uid: string; clientName: string; error: string | null; email: string }): string {
  return page(
    'Sign in',
    `<h1>Sign in to Marque</h1>
<p><strong>${esc(p.clientName)}</strong> asks you to sign in with your Marque account.</p>
${p.error ? `<p class="error" role="alert">${esc(p.error)}</p>` : ''}
<form method="post" action="/oauth/interaction/${esc(p.uid)}/login">
<label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(p.email)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Sign in</button></form>
${abortForm(p.uid, 'Cancel')}`,
  );
}

export function consentPage(p: {
  uid: string;
  clientName: string;
  accountName: string;
  scopes: Array<{ scope: string; text: string }>;
  vehicle: string | null;
}): string {
  const who = p.vehicle ? `Head unit of ${p.vehicle}` : p.clientName;
  return page(
    'Allow access',
    `<h1>Allow ${esc(who)}?</h1>
${p.vehicle ? `<p><small>Signing in <strong>${esc(p.clientName)}</strong> in ${esc(p.vehicle)}.</small></p>` : ''}
<p>Signed in as <strong>${esc(p.accountName)}</strong>. ${esc(who)} will be able to:</p>
<ul>${p.scopes.map((s) => `<li>${esc(s.text)} <small>(${esc(s.scope)})</small></li>`).join('')}</ul>
<p><small>You can disconnect it at any time under Account › Connected apps.</small></p>
<form method="post" action="/oauth/interaction/${esc(p.uid)}/confirm"><button class="primary" type="submit">Allow</button></form>
${abortForm(p.uid, 'Deny')}`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(text)}</p>`);
}

/** The pages oidc-provider renders itself; `form` is its own form element (with its CSRF field), kept as is. */
export const providerPages: ProviderPages = {
  deviceInput: ({ form, formId, error }) =>
    page(
      'Connect a device',
      `<h1>Connect your car</h1><p>Enter the code shown on the car’s screen.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}${form}
<button class="primary" type="submit" form="${esc(formId)}">Continue</button>`,
    ),
  deviceConfirm: ({ form, formId, clientName, vehicle, userCode }) =>
    page(
      'Confirm the device',
      `<h1>${vehicle ? `Head unit of ${esc(vehicle)}` : esc(clientName)}</h1>
<p>Check that the car’s screen shows this code:</p><p class="code">${esc(userCode)}</p>
<p><small>${vehicle ? `${esc(clientName)} in ${esc(vehicle)} asks to sign in to your Marque account.` : `${esc(clientName)} asks to sign in to your Marque account.`}
If you did not start this, or the code differs, choose Abort.</small></p>
${form}<button class="primary" type="submit" form="${esc(formId)}">Continue</button>
<button type="submit" form="${esc(formId)}" name="abort" value="yes">Abort</button>`,
    ),
  deviceSuccess: ({ clientName }) =>
    messagePage('Connected', `${clientName} is now signed in to your Marque account. You can close this page.`),
  error: ({ error, description }) =>
    messagePage('Sign-in could not continue', description ? `${description} (${error})` : error),
};
