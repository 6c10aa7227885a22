# The image docker-compose.yml runs: the built bot (node dist/...), production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/corpus ./corpus
RUN mkdir -p /srv/sitrep/data && chown node:node /srv/sitrep/data
USER node
CMD ["node", "--enable-source-maps", "dist/src/bot/main.js"]
