/** An AssemblyScript kernel compiled by scripts/assemblyscript-plugin.mjs: its bytes, base64. */
declare module '*?as-wasm' {
  const base64: string;
  export default base64;
}
