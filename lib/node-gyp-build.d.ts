declare module 'node-gyp-build' {
  /** Loads the addon of the package in `root` (prebuilds/ first, then build/). */
  function nodeGypBuild(root: string): unknown;
  export default nodeGypBuild;
}
