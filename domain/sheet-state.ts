/**
 * A sheet's life in a round: synced as a draft, submitted by its agency as final, accepted by a
 * reviewer (then locked) or returned with a comment, reopened by a coordinator. One table of
 * allowed moves, read by the service and shown by the pane and the console.
 */
export const SHEET_STATES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type SheetState = (typeof SHEET_STATES)[number];

export const SHEET_ACTIONS = ['submit', 'accept', 'return', 'reopen'] as const;
export type SheetAction = (typeof SHEET_ACTIONS)[number];

/** From which states each action may be taken, and where it leads. */
export const SHEET_MOVES: Readonly<Record<SheetAction, { from: readonly SheetState[]; to: SheetState }>> = {
  submit: { from: ['draft', 'returned', 'submitted'], to: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted' },
  return: { from: ['submitted', 'accepted'], to: 'returned' },
  reopen: { from: ['accepted'], to: 'draft' },
};

export const SHEET_STATE_LABELS: Readonly<Record<SheetState, string>> = {
  draft: 'Đang soạn (đã đồng bộ, chưa gửi chính thức)',
  submitted: 'Đã gửi chính thức',
  accepted: 'Đã được chấp nhận',
  returned: 'Bị trả lại để sửa',
};

export const SHEET_ACTION_LABELS: Readonly<Record<SheetAction, string>> = {
  submit: 'gửi chính thức',
  accept: 'chấp nhận',
  return: 'trả lại',
  reopen: 'mở lại',
};
