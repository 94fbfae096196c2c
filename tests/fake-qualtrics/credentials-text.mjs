// The demo credentials as printed by `npm run fake-qualtrics` and `npm run demo`: one text, so
// the two launchers and the README say the same thing.
import { CREDENTIALS, USERS } from './data.mjs';

/** @param {string} url the fake server's origin */
export function credentialsText(url) {
  const [ada, sam] = CREDENTIALS.apiTokens;
  return [
    '',
    'Connect XO Bridge to it with host / API base URL:',
    `  ${url}   (API v3 at ${url}/API/v3)`,
    '',
    'API token (X-API-TOKEN):',
    `  ${ada.token}   (${USERS[0].userName}, brand admin)`,
    `  ${sam.token}   (${USERS[1].userName})`,
    '',
    'OAuth authorization code + PKCE:',
    `  client id      ${CREDENTIALS.authCodeClient.clientId}`,
    `  client secret  ${CREDENTIALS.authCodeClient.clientSecret}   (needed unless FAKE_QUALTRICS_CLIENT_SECRET=optional)`,
    '  redirect URIs  any http://127.0.0.1:<port>/… or http://localhost:<port>/… page',
    `  approve as     ${USERS[0].firstName} ${USERS[0].lastName} or ${USERS[1].firstName} ${USERS[1].lastName} on the Approve page`,
    '',
    'OAuth client credentials:',
    `  client id      ${CREDENTIALS.clientCredentialsClient.clientId}`,
    `  client secret  ${CREDENTIALS.clientCredentialsClient.clientSecret}`,
    '',
    'JSON event trigger:',
    `  ${url}/inbound-event/v1/events/json/triggers?urlTokenId=${CREDENTIALS.eventUrlTokenId}`,
    '',
    `Test-only control endpoint: ${url}/__control/switches (see tests/fake-qualtrics/README.md)`,
  ].join('\n');
}
