// Sign-in: the demo people (when demo mode answers), and always a pasted JWT + person id.

import { el, clear, personButton } from '../util.js';

export function renderSignIn(root, { demoPeople, message, onDemo, onToken }) {
  clear(root);
  const notice = message ? el('p', { class: 'notice notice-error', role: 'alert', text: message }) : null;

  let demoSection = null;
  if (demoPeople && demoPeople.length) {
    demoSection = el(
      'section',
      { class: 'card', 'aria-labelledby': 'signin-demo-title' },
      el('h2', { id: 'signin-demo-title', text: 'Sign in as a demo person' }),
      el(
        'ul',
        { class: 'people-list' },
        demoPeople.map((p) =>
          el(
            'li',
            {},
            personButton(p, `signin-person-${p.personId}`, (event) => {
              event.currentTarget.disabled = true;
              onDemo(p.personId);
            }),
          ),
        ),
      ),
    );
  }

  const tokenInput = el('textarea', { id: 'signin-token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'eyJhbGciOi…' });
  const personInput = el('input', { id: 'signin-person', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'taken from the token when left empty' });
  const form = el(
    'form',
    {
      class: 'card form',
      'aria-labelledby': 'signin-token-title',
      onsubmit: (event) => {
        event.preventDefault();
        const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
        if (!token) return;
        onToken(token, personInput.value.trim());
      },
    },
    el('h2', { id: 'signin-token-title', text: demoSection ? 'Or sign in with a token' : 'Sign in with a token' }),
    el('label', { for: 'signin-token', text: 'Person token (JWT)' }),
    tokenInput,
    el('label', { for: 'signin-person', text: 'Person id' }),
    personInput,
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'signin-submit', text: 'Sign in' }),
  );

  root.appendChild(
    el(
      'main',
      { class: 'signin' },
      el('h1', { class: 'signin-title' }, el('span', { class: 'brand', text: 'Switchboard' })),
      el('p', { class: 'muted', text: 'Instagram, Messenger and WhatsApp conversations in one place.' }),
      notice,
      demoSection,
      form,
    ),
  );
}
