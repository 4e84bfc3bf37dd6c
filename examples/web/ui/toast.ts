/** Short messages at the top of the page (call ended, errors, suggestions), each with optional actions. */
import { h } from '../dom';

export interface ToastAction {
  label: string;
  testid: string;
  run(): void;
}

export type Toast = (text: string, options?: { actions?: ToastAction[]; ms?: number }) => void;

/** Creates the toast area; returns it and the function that shows a toast in it. */
export function createToasts(): { el: HTMLElement; toast: Toast } {
  const el = h('div', { class: 'toasts', 'aria-live': 'polite' });
  const toast: Toast = (text, options = {}) => {
    const item = h('div', { class: 'toast', testid: 'toast' }, text);
    const close = () => item.remove();
    for (const action of options.actions ?? []) {
      item.append(
        h(
          'button',
          {
            testid: action.testid,
            onclick: () => {
              close();
              action.run();
            },
          },
          action.label,
        ),
      );
    }
    el.append(item);
    setTimeout(close, options.ms ?? 4000);
  };
  return { el, toast };
}
