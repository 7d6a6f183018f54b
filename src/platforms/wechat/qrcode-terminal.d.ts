// qrcode-terminal ships no types; this is the one function the login QR code needs.
declare module "qrcode-terminal" {
  const qrcode: {
    generate(input: string, opts: { small?: boolean }, cb: (drawing: string) => void): void;
  };
  export default qrcode;
}
