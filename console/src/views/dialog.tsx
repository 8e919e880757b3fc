import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote } from './common';

let dialogIds = 0;

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select, textarea, a[href], [tabindex="0"]';

/**
 * A modal dialog: the native <dialog> opened with showModal() (the page behind is inert), labelled
 * by its title and described by its text, Escape closes it, Tab and Shift+Tab cycle inside it,
 * and focus returns to whatever had it before. The action runs on submit; the dialog stays open
 * with the error when it fails.
 */
export function Dialog(props: {
  title: string;
  children: preact.ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [id] = useState(() => `dialog-${++dialogIds}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const dialog = ref.current!;
    dialog.showModal();
    // The first field, else the first button (Cancel: a slip of Enter must not confirm a restore).
    (dialog.querySelector<HTMLElement>('input') ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
      // Again once the dialog has left the DOM: Chromium may move focus to <body> after removing it.
      setTimeout(() => {
        if (opener?.isConnected && (!document.activeElement || document.activeElement === document.body)) {
          opener.focus();
        }
      });
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const items = [...ref.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Escape: close through the owner's state, so the dialog and the state agree.
        e.preventDefault();
        props.onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{props.title}</h2>
        <div id={`${id}-body`}>{props.children}</div>
        <ErrorNote error={error} />
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
