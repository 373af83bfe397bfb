import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { apiRouteNotFound, sendProblem } from './errors.ts';

const NOT_BUILT_PAGE = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>sskdt</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">
<h1>Sổ sức khỏe điện tử</h1><p>Ứng dụng web chưa được build. Chạy <code>npm run build</code> rồi tải lại trang.</p>
<p lang="en">The web app has not been built. Run <code>npm run build</code> and reload.</p></body></html>`;

/**
 * Serves the built web app from `webDir`. Unknown `/api/…` routes answer 404 problem+json; any other
 * unknown GET path gets index.html so client-side routes survive a reload.
 */
export async function registerStaticWeb(app: FastifyInstance, webDir: string | null) {
  const indexFile = webDir ? path.join(webDir, 'index.html') : null;
  const hasWeb = indexFile !== null && fs.existsSync(indexFile);
  if (hasWeb && webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders(reply, filePath) {
        // Vite names assets by content hash, so they never change; the page itself must be re-checked.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0];
    const isApi = urlPath === '/api' || urlPath.startsWith('/api/');
    if (isApi || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendProblem(reply, request, apiRouteNotFound(request));
    }
    if (/\.[a-z0-9]{1,8}$/i.test(urlPath) && hasWeb) {
      // A missing file (an old hashed asset, a typo) must not be answered with the HTML page.
      return sendProblem(reply, request, apiRouteNotFound(request));
    }
    if (!hasWeb) return reply.code(200).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
