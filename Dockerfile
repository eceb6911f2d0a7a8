# syntax=docker/dockerfile:1
# ajar: build with the full toolchain, run with production dependencies only.
# node:20 matches package.json's engines (>=20.19); @azure/identity 4.13.1 and @azure/arm-network 36 run on it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc gives each of Node's threads a malloc arena of its own and keeps what they
# free; under load that alone grew ajar's RSS by tens of MB (see "Scale" in the README).
ENV NODE_ENV=production \
    PORT=3000 \
    AJAR_CONFIG=/config/ajar.yaml \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY manifest.yml ./
# Configuration is mounted at /config/ajar.yaml; secrets come from the environment, never the image.
USER node
EXPOSE 3000
# Every role (all, web, worker; HTTP or Socket Mode) serves /healthz on PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["all"]
