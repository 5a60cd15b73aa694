# Mutual: build with dev dependencies, run with production ones only.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` runs `prepare`: prisma generate (WASM engines, no download) and the TypeScript build.
RUN npm ci --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
USER node
# Migrations are applied at start-up; the embedded database (when DATABASE_URL is unset) lives in /data.
ENV MUTUAL_DATA_DIR=/data
# /healthz, /readyz and /metrics (MUTUAL_HEALTH_PORT; on by default for Slack, Discord and workers).
EXPOSE 9464
CMD ["node", "dist/main.js"]
