# One image for both processes: `web` (default) and `worker`
# (docker run ... npm run start:worker). Not built here: no Docker engine runs
# on our development machines; kept simple enough to check by reading.

# ---- dependencies (with dev tools, for the build) ----
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
# patches/: applied to node_modules by patch-package after every install.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm install --no-audit --no-fund

# ---- build: Prisma client and the Remix bundle ----
FROM deps AS build
COPY . .
RUN npx prisma generate && npx remix build

# ---- production dependencies only ----
FROM node:20.20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm install --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY --from=build /app/server ./server
COPY --from=build /app/jobs ./jobs
COPY --from=build /app/app ./app
COPY --from=build /app/prisma ./prisma
COPY package.json prisma.config.ts tsconfig.json ./
RUN mkdir -p var && chown -R node:node var
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npm", "run", "start"]
