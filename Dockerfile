# One image for every service; the service is chosen by SERVICE (intake, risk, routing,
# bank-connectors, refunds, reporting, bank-sandbox, relay). Not exercised by the test suite:
# no Docker engine runs where the tests run.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: see .ci/run (the lock file npm 11 writes lacks other platforms' optional binaries).
RUN npm install --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
USER node
ARG SERVICE=intake
ENV SERVICE=${SERVICE}
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${SERVICE}/src/main.ts"]
