declare module 'edtf' {
  interface ExtDate { min: number; max: number; type: string }
  function edtf(value: string): ExtDate;
  export default edtf;
}
