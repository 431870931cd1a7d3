# Delicacy: the dataset is built at image build time; the image serves it.
#   docker build -t delicacy .          (or: docker compose up --build)
#   docker run --rm -p 3000:3000 delicacy
# Node 24 is a maintained LTS line (security fixes until April 2028); keep both
# stages on the same line. tests/deploy.test.ts assembles this file's build
# context as Docker would and runs both stages outside Docker.

FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.client.json ./
COPY bin ./bin
COPY src ./src
COPY ontology ./ontology
COPY shapes ./shapes
COPY data ./data
COPY queries ./queries
RUN npm run build && npm prune --omit=dev

FROM node:24-trixie-slim
# glibc gives each thread that allocates its own malloc arena; the server's
# threads (HTTP, query workers, reconciliation, libuv) then hold ~90 MB more at
# 100 articles than with two (docs/scaling.md).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/src/web/assets ./src/web/assets
COPY --from=build --chown=node:node /app/ontology ./ontology
COPY --from=build --chown=node:node /app/queries ./queries
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node releases ./releases
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "bin/delicacy.js", "serve"]
