// Dialogs: a new chat, a new group, and managing a group (members, name, theme).

import { el, personButton, parseIds, isHexColor, toast } from '../util.js';

function modal(title, ...body) {
  const close = () => {
    dialog.close();
  };
  const dialog = el(
    'dialog',
    { class: 'dialog', 'aria-label': title },
    el(
      'div',
      { class: 'dialog-head' },
      el('h2', { text: title }),
      el('button', { type: 'button', class: 'ghost', 'aria-label': 'Close', text: '×', onclick: close }),
    ),
    el('div', { class: 'dialog-body' }, ...body),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  return { dialog, close };
}

function otherPeople(app) {
  return app.state.demoPeople.filter((p) => p && p.personId && p.personId !== app.me());
}

export function openNewChat(app) {
  const people = otherPeople(app);
  const input = el('input', { id: 'new-chat-person', 'data-testid': 'new-chat-person', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'person id' });
  const { close } = modal(
    'New chat',
    people.length
      ? el(
          'ul',
          { class: 'people-list' },
          people.map((p) =>
            el(
              'li',
              {},
              personButton(p, `new-chat-person-${p.personId}`, () => {
                close();
                app.startChat(p.personId);
              }),
            ),
          ),
        )
      : null,
    el(
      'form',
      {
        class: 'form',
        onsubmit: (event) => {
          event.preventDefault();
          const id = input.value.trim();
          if (!id) return;
          close();
          app.startChat(id);
        },
      },
      el('label', { for: 'new-chat-person', text: people.length ? 'Or paste a person id' : 'Person id' }),
      input,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'new-chat-start', text: 'Start chat' }),
    ),
  );
  if (!people.length) input.focus();
}

function memberPicker(app, idPrefix, exclude = new Set()) {
  const people = otherPeople(app).filter((p) => !exclude.has(p.personId));
  const boxes = people.map((p) => {
    const id = `${idPrefix}-${p.personId}`;
    return {
      personId: p.personId,
      node: el('div', { class: 'row' }, el('input', { type: 'checkbox', id, value: p.personId }), el('label', { for: id, text: p.name || p.personId })),
    };
  });
  const pasted = el('textarea', { id: `${idPrefix}-ids`, rows: 2, spellcheck: 'false', placeholder: 'person ids, separated by spaces, commas or lines' });
  const node = el(
    'fieldset',
    { class: 'members' },
    el('legend', { text: 'Members' }),
    boxes.map((b) => b.node),
    el('label', { for: `${idPrefix}-ids`, text: boxes.length ? 'Or paste person ids' : 'Person ids' }),
    pasted,
  );
  const selected = () => {
    const ids = boxes.filter((b) => b.node.querySelector('input').checked).map((b) => b.personId);
    return [...new Set([...ids, ...parseIds(pasted.value)])];
  };
  return { node, selected };
}

export function openNewGroup(app) {
  const nameInput = el('input', { id: 'group-name', 'data-testid': 'group-name', type: 'text', maxlength: 100, placeholder: 'Lunch' });
  const themeInput = el('input', { id: 'group-theme', 'data-testid': 'group-theme', type: 'color', value: '#5b5bd6' });
  const picker = memberPicker(app, 'group-member');
  const status = el('p', { class: 'inline-status error', role: 'alert' });
  const { close } = modal(
    'New group',
    el(
      'form',
      {
        class: 'form',
        onsubmit: (event) => {
          event.preventDefault();
          const memberIds = picker.selected().filter((id) => id !== app.me());
          if (!memberIds.length) {
            status.textContent = 'Pick at least one other person.';
            return;
          }
          const name = nameInput.value.trim();
          const theme = isHexColor(themeInput.value) ? themeInput.value.toLowerCase() : null;
          app.createGroup({ name: name || null, theme, memberIds });
          close();
        },
      },
      el('label', { for: 'group-name', text: 'Name' }),
      nameInput,
      el('label', { for: 'group-theme', text: 'Theme colour' }),
      themeInput,
      picker.node,
      status,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'group-create', text: 'Create group' }),
    ),
  );
  nameInput.focus();
}

export function openGroupManage(app, conversationId) {
  const info = app.conversationInfo(conversationId);
  const members = new Set(info.members);
  const nameInput = el('input', { id: 'manage-name', type: 'text', maxlength: 100, value: info.title === 'Group' ? '' : info.title });
  const themeInput = el('input', { id: 'manage-theme', type: 'color', value: isHexColor(info.theme) ? info.theme.toLowerCase() : '#5b5bd6' });
  const picker = memberPicker(app, 'manage-add', members);
  let close = () => {};
  const memberList = el(
    'ul',
    { class: 'plain-list' },
    [...members].map((personId) =>
      el(
        'li',
        { class: 'row' },
        el('span', { class: 'grow', text: personId === app.me() ? `${app.name(personId)} (you)` : app.name(personId) }),
        el('button', {
          type: 'button',
          class: 'ghost small',
          text: personId === app.me() ? 'Leave' : 'Remove',
          'aria-label': personId === app.me() ? 'Leave the group' : `Remove ${app.name(personId)}`,
          onclick: () => {
            const leaving = personId === app.me();
            if (leaving && !confirm('Leave this group?')) return;
            if (app.groupChange('group.remove', conversationId, { members: [personId] }, leaving ? 'Leaving the group' : 'Removing a member')) {
              toast(leaving ? 'Leaving the group…' : `Removing ${app.name(personId)}…`, 'info', 3000);
              close();
            }
          },
        }),
      ),
    ),
  );
  ({ close } = modal(
    'Group',
    el(
      'form',
      {
        class: 'form inline-form',
        onsubmit: (event) => {
          event.preventDefault();
          const name = nameInput.value.trim();
          if (!name) return;
          if (app.groupChange('group.rename', conversationId, { name }, 'Renaming the group')) close();
        },
      },
      el('label', { for: 'manage-name', text: 'Name' }),
      nameInput,
      el('button', { type: 'submit', 'data-testid': 'group-rename', text: 'Rename' }),
    ),
    el(
      'form',
      {
        class: 'form inline-form',
        onsubmit: (event) => {
          event.preventDefault();
          const theme = themeInput.value.toLowerCase();
          if (!isHexColor(theme)) return;
          if (app.groupChange('group.theme', conversationId, { theme }, 'Changing the theme')) close();
        },
      },
      el('label', { for: 'manage-theme', text: 'Theme colour' }),
      themeInput,
      el('button', { type: 'submit', 'data-testid': 'group-theme-apply', text: 'Apply' }),
    ),
    el('h3', { text: 'Members' }),
    memberList,
    el(
      'form',
      {
        class: 'form',
        onsubmit: (event) => {
          event.preventDefault();
          const ids = picker.selected().filter((id) => !members.has(id));
          if (!ids.length) return;
          if (app.groupChange('group.add', conversationId, { members: ids }, 'Adding members')) close();
        },
      },
      picker.node,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'group-add', text: 'Add members' }),
    ),
  ));
}
