# paperboy in a container: `docker compose up -d` (see docker-compose.yml and README).
# Build stage: install with the lock file (npm ci runs any `prepare` build step too), then drop
# devDependencies so only what the bot runs on is copied into the runtime image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the app and its production node_modules, run as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PAPERBOY_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /data && chown node:node /data
USER node
# Store, delivery ledger and WeChat login: keep them across container upgrades.
VOLUME ["/data"]
# Healthy while the bot answers on its control socket in the data dir (offline; no platform call).
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
  CMD ["node", "bin/paperboy.js", "health"]
# SIGTERM (docker stop) lets the bot finish the message in flight and close the store.
STOPSIGNAL SIGTERM
CMD ["node", "bin/paperboy.js", "start"]
