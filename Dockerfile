# Delicacy: the dataset is built at image build time; the image serves it.
#   docker build -t delicacy .
#   docker run --rm -p 3000:3000 delicacy

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY ontology ./ontology
COPY shapes ./shapes
COPY data ./data
COPY queries ./queries
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/src/web/assets ./src/web/assets
COPY --from=build --chown=node:node /app/ontology ./ontology
COPY --from=build --chown=node:node /app/queries ./queries
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/delicacy.js", "serve"]
