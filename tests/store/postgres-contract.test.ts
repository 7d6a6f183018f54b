import { afterAll, describe } from "vitest";
import { PostgresStore } from "../../src/store/postgres/index.ts";
import { dropSchemas, freshSchema, pgUrl } from "../support/pg.ts";
import { storeContract } from "./contract.ts";

const schemas: string[] = [];
afterAll(() => (pgUrl ? dropSchemas(pgUrl, schemas) : undefined));

describe.skipIf(!pgUrl)("on a real PostgreSQL", () => {
  storeContract("PostgreSQL store", async (now) => {
    const schema = freshSchema("contract");
    schemas.push(schema);
    return PostgresStore.open({ url: pgUrl as string, schema, now });
  });
});
