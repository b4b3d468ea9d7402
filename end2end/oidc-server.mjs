// A real OpenID Connect provider on loopback for the browser tests (oauth2-mock-server):
// discovery, JWKS, the authorization code flow with PKCE, and RS256-signed ID tokens
// carrying the profile claims Google sends.
//
// Usage: node oidc-server.mjs PORT
import { OAuth2Server } from 'oauth2-mock-server';

const port = Number(process.argv[2] ?? 3108);
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeTokenSigning', (token) => {
  Object.assign(token.payload, {
    email: 'amal@mail.example',
    email_verified: true,
    name: 'Amal Saleh',
  });
});
// Sign-in asks for exactly `openid email profile`; anything more comes back refused.
const SIGN_IN_SCOPES = ['email', 'openid', 'profile'];
server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const asked = String(req.query.scope ?? '').split(' ').sort();
  if (asked.join(' ') !== SIGN_IN_SCOPES.join(' ')) {
    redirect.url.searchParams.delete('code');
    redirect.url.searchParams.set('error', 'invalid_scope');
  }
});
await server.start(port, '127.0.0.1');
// It names itself after "localhost"; our server reaches it (and checks `iss`) by address.
server.issuer.url = `http://127.0.0.1:${port}`;
console.log(`OpenID Connect provider at ${server.issuer.url}`);
