import type { en } from './en.ts';

/** Delivery's problems in Japanese (see en.ts). */
export const ja: { readonly [K in keyof typeof en]: string } = {
  shipment_not_found: 'この注文の配送はありません',
  invalid_order_id: '有効な注文番号ではありません',
  'invalid_order_id.detail': '入力ミスがないか確認してください。ラベルに記載された18文字の英数字です。',
  unknown_pickup_point: 'その受け取り店舗はありません',
  'unknown_pickup_point.detail': '注文の受け取り店舗が、配送サービスに登録されていません。',
  pickup_point_closed: 'この受け取り店舗は新しい荷物を受け付けていません',
  'pickup_point_closed.detail': '運営者によって受け付けが停止されています。',
  shipment_conflict: 'この注文の荷物は別の内容で予約されています',
  'shipment_conflict.detail':
    '{pickupPointCode} 宛て、{parcelSize, select, small {小サイズ} medium {中サイズ} large {大サイズ} other {{parcelSize}}}で予約されています。',
  pickup_point_not_found: 'その受け取り店舗はありません',
  pickup_point_exists: 'このコードの受け取り店舗はすでにあります',
  'pickup_point_exists.detail': '変更するには PATCH /operator/pickup-points/{code} を使ってください。',
  clerk_key_not_found: 'その店員キーはありません',
  'unauthorized.clerk': '店員キーが必要です',
  'unauthorized.clerk.detail': '運営者がこの受け取り店舗に発行したキーでサインインしてください。',
  invalid_pickup_code: '有効な受け取りコードではありません',
  'invalid_pickup_code.detail':
    '入力ミスがないか確認してください。購入者の控えにある12文字の英数字です。試行回数は減っていません。',
  'invalid_pickup_code.detail.format':
    'チェック文字が正しい Crockford base32 の12文字（generatePickupCode が作る形）で指定してください。',
  invalid_registration_token: 'この注文の登録トークンとして有効ではありません',
  'invalid_registration_token.detail':
    'この注文の支払い承認でマーケットから渡されたトークンを使ってください。',
  pickup_code_already_registered: 'この注文には別の受け取りコードが登録されています',
  'pickup_code_already_registered.detail': '注文ごとに、最初に登録されたコードが有効です。',
  parcel_not_found: 'この店舗にはこの荷物はありません',
  'parcel_not_found.detail':
    '注文番号を確認してください。他の受け取り店舗宛ての荷物は、この店舗では扱えません。',
  parcel_state:
    '{state, select, booked {出品者が配送を予約済みで、まだ持ち込まれていません} dropped_off {出品者が持ち込み済みで、配送業者の集荷待ちです} in_transit {配送業者が輸送中です} ready_for_pickup {受け取り待ちです} picked_up {すでに受け取り済みです} returned {出品者に返送済みです} other {{state}}}',
  wrong_state: 'この荷物は{state}',
  'wrong_state.detail': '今はその操作を行えません。',
  not_overdue: 'この荷物はまだ期限切れではありません',
  'not_overdue.detail': '{deadline}まで購入者の受け取りを待ちます。',
  not_ready: 'この荷物はまだこの店舗に届いていません',
  'not_ready.detail': 'この荷物は{state}。',
  already_picked_up: 'この荷物はすでに受け取り済みです',
  'already_picked_up.detail': 'この荷物の受け取りコードは使用済みで、再利用できません。',
  returned: 'この荷物は出品者に返送済みです',
  'returned.detail': '期限内に受け取られませんでした。',
  deadline_passed: '受け取り期限を過ぎています',
  'deadline_passed.detail': '受け取り期限は{deadline}でした。荷物は出品者に返送されます。',
  wrong_code: '受け取りコードが違います',
  'wrong_code.detail': 'あと{attemptsLeft}回間違えると、この注文はしばらくロックされます。',
  pickup_locked: 'この注文のコードの誤りが多すぎます',
  'pickup_locked.detail':
    '{wrongCode, select, yes {このコードも違います。} other {}}{lockedUntil}まで、この注文のコードは受け付けません。',
  too_many_attempts_here: 'この店舗でコードの誤りが多すぎます',
  'too_many_attempts_here.detail':
    'この店舗では今後{retryAfterSeconds}秒間、受け取りコードを受け付けません。',
};
