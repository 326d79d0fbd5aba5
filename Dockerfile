# Overview: the Nimbus image: the compiled API (default command), the Temporal worker
#   (`node dist/bootstrap/worker.js`) and the migrations (`npm run db:migrate`), with the web UI.
# Architecture: infrastructure; build stage (all dependencies, `npm run build` and
#   `npm run build:ui`), prod-deps stage (root production dependencies only), runtime
#   stage (what those two produce, run as the unprivileged `node` user).
# Dependencies: node:24-bookworm-slim (Node.js 24 LTS, the recommended runtime; glibc: the argon2
#   prebuilds and the Temporal core bridge ship glibc binaries for linux x64 and arm64, so no
#   compiler is needed), package-lock.json.
# Concepts: bin/nimbus.js runs dist/ when src/ is absent, as it is here; the API serves the web
#   UI from frontend/dist/browser; configuration is by environment (README "Configuration").

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false

# Every dependency of the root and the frontend workspace, then both builds.
FROM base AS build
ENV NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
COPY frontend/package.json frontend/
RUN npm ci
COPY . .
RUN npm run build && npm run build:ui

# The root workspace's production dependencies only: no dev tooling, no frontend packages.
FROM base AS prod-deps
COPY package.json package-lock.json ./
COPY frontend/package.json frontend/
RUN npm ci --omit=dev --workspaces=false

FROM base AS runtime
ENV NODE_ENV=production
# glibc: two malloc arenas instead of one per thread; argon2's 19 MiB blocks, made on libuv's
# threads, are otherwise kept in per-thread arenas (RSS after a login load 286 -> 183 MB).
ENV MALLOC_ARENA_MAX=2
# V8: a young generation of at most 2 x 16 MB (Node 20's default; Node 24 grows it to 2 x 64 MB,
# which only holds garbage: RSS after the bench's loads 284 -> 216 MB on Node 24).
ENV NODE_OPTIONS=--max-semi-space-size=16
# The image serves the external profile (PostgreSQL, Temporal, S3); /app is read-only for `node`.
ENV NIMBUS_PROFILE=external
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/frontend/dist/browser ./frontend/dist/browser
COPY package.json package-lock.json ./
COPY bin ./bin
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.NIMBUS_PORT || process.env.PORT || 8000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# libuv's thread pool (argon2 runs there) no larger than the cores, at most Node's default of 4:
# more argon2 threads than cores only contend, and with two malloc arenas they fault their 19 MiB
# blocks in again at every verify. An explicit UV_THREADPOOL_SIZE wins.
CMD ["sh", "-c", "n=$(nproc); [ \"$n\" -gt 4 ] && n=4; export UV_THREADPOOL_SIZE=\"${UV_THREADPOOL_SIZE:-$n}\"; exec node dist/bootstrap/main.js"]
