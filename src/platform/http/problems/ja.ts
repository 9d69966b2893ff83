import type { en } from './en.ts';

/** The problems every service shares, in Japanese (see en.ts). */
export const ja: { readonly [K in keyof typeof en]: string } = {
  bad_url: 'URL のパーセントエンコーディングが正しくありません',
  uri_too_long: 'URL のパスの一部が長すぎます',
  unsupported_media_type: 'このルートはその形式（Content-Type）の本文を受け付けません',
  body_too_large: 'リクエストの本文が大きすぎます',
  invalid_content_length: 'リクエストの本文が Content-Length と一致しません',
  invalid_json: 'リクエストの本文が正しい JSON ではありません',
  'invalid_json.empty': 'リクエストの本文が空です。JSON を送ってください',
  headers_too_large: 'リクエスト行またはヘッダーが大きすぎます',
  request_timeout: 'リクエストの受信に時間がかかりすぎました',
  malformed_request: 'リクエストが正しい HTTP ではありません',
  bad_request: '不正なリクエストです',
  request_refused: 'リクエストを受け付けられません（{reason}）',
  nul_character: 'リクエストに NUL 文字が含まれています',
  'nul_character.detail':
    '{where, select, URL {URL} other {本文}}に U+0000 が含まれています。U+0000 はどの項目にも使えません。',
  rate_limited: 'リクエストが多すぎます',
  'rate_limited.detail': '1分あたり{max}回の上限に達しました。{seconds}秒後にもう一度お試しください。',
  route_not_found: 'このルートはありません',
  'route_not_found.detail': '{method} {url}',
  invalid_request: 'リクエストの内容が正しくありません',
  'invalid_request.issue':
    '{part, select, body {本文} querystring {クエリ} params {パス} headers {ヘッダー} other {{part}}}（{path}）: {issue}',
  'invalid_request.root': '全体',
  invalid_cursor: 'このサービスが発行したカーソルではありません',
  'invalid_cursor.detail':
    '前のページの `nextCursor` をそのまま渡してください。最初のページでは指定しないでください。',
  internal: '内部エラーが発生しました',
  'unauthorized.operator': '運営者キーが必要です',
  'unauthorized.operator.detail': '運営者キーを "Authorization: Bearer <key>" の形で送ってください。',
  invalid_signature: 'このリクエストには連携サービスの署名がありません',
};
