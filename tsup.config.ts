import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    local: 'src/local/index.ts',
    testing: 'src/testing/index.ts',
    server: 'src/server/index.ts',
    'network-policy': 'src/network-policy.ts',
    react: 'src/react/index.ts',
    vue: 'src/vue/index.ts',
    svelte: 'src/svelte/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  // One copy of the engine shared by every entry, in CJS as in ESM: `instanceof CallError` holds across
  // `.` and `./testing`, and a bundler that sees both entries does not carry the engine twice.
  splitting: true,
  target: 'es2022',
  // The frameworks are the app's (optional peer dependencies): never bundled.
  external: ['xstate', '@tencentcloud/chat', 'trtc-sdk-v5', 'ws', 'react', 'react-dom', 'vue', 'svelte'],
});
