import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';
import { Button, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';

/**
 * A modal question before an action that changes what others can do. The native dialog keeps
 * focus inside and closes on Escape; focus starts on Cancel, so Enter alone changes nothing.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const t = useT();
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    element.querySelector<HTMLElement>('.dialog-cancel')?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div id={bodyId}>{props.children}</div>
      <ProblemNotice error={props.error} />
      <div className="row dialog-actions">
        <Button className="dialog-cancel" onClick={props.onCancel}>
          {t('operator.dialog.cancel')}
        </Button>
        <Button variant={props.danger ? 'danger' : 'primary'} busy={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
