namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Raw DEFLATE (RFC 1951) in PL/pgSQL, for the ways down of migrations that leave PostgreSQL a record's JSON only as
    /// <see cref="StoredJson"/> compressed it (issue 20, ADR 0035): PostgreSQL has no inflate of its own. A straight port
    /// of zlib's <c>puff.c</c> (canonical Huffman codes decoded bit by bit), slow — milliseconds a record — but only ever
    /// run by a downgrade. <c>cf_inflate(dictionary, data)</c> inflates <c>data</c> as if it followed
    /// <c>dictionary</c> in one stream and returns what follows the dictionary. Created for the migration and dropped
    /// after it (<see cref="Drop"/>).
    /// </summary>
    internal static class PostgresInflate
    {
        /// <summary>Creates <c>cf_bits</c>, <c>cf_huffman</c>, <c>cf_decode</c> and <c>cf_inflate</c>.</summary>
        internal const string Create = Bits + Huffman + Decode + InflateHead + InflateBody;

        /// <summary>Drops the functions <see cref="Create"/> made.</summary>
        internal const string Drop = """
            DROP FUNCTION cf_inflate(bytea, bytea);
            DROP FUNCTION cf_decode(bytea, int, int[], int[]);
            DROP FUNCTION cf_huffman(int[]);
            DROP FUNCTION cf_bits(bytea, int, int);
            """;

        /// <summary><c>n</c> bits of <c>data</c> from bit <c>pos</c>, least significant first.</summary>
        private const string Bits = """
            CREATE FUNCTION cf_bits(data bytea, pos int, n int) RETURNS int LANGUAGE plpgsql IMMUTABLE STRICT AS $$
            DECLARE v int := 0; i int;
            BEGIN
              FOR i IN 0 .. n - 1 LOOP
                v := v | (((get_byte(data, (pos + i) >> 3) >> ((pos + i) & 7)) & 1) << i);
              END LOOP;
              RETURN v;
            END $$;

            """;

        /// <summary>A canonical Huffman code from the code lengths of its symbols (any lower bound): how many codes of
        /// each length, and the symbols in code order.</summary>
        private const string Huffman = """
            CREATE FUNCTION cf_huffman(lengths int[], OUT counts int[], OUT symbols int[]) LANGUAGE plpgsql IMMUTABLE STRICT AS $$
            DECLARE offs int[]; len int; s int; lo int := array_lower(lengths, 1); n int := cardinality(lengths);
            BEGIN
              counts := array_fill(0, ARRAY[16], ARRAY[0]);
              FOR s IN 0 .. n - 1 LOOP counts[lengths[lo + s]] := counts[lengths[lo + s]] + 1; END LOOP;
              offs := array_fill(0, ARRAY[16], ARRAY[0]);
              FOR len IN 1 .. 14 LOOP offs[len + 1] := offs[len] + counts[len]; END LOOP;
              symbols := array_fill(0, ARRAY[n], ARRAY[0]);
              FOR s IN 0 .. n - 1 LOOP
                IF lengths[lo + s] <> 0 THEN
                  symbols[offs[lengths[lo + s]]] := s;
                  offs[lengths[lo + s]] := offs[lengths[lo + s]] + 1;
                END IF;
              END LOOP;
            END $$;

            """;

        /// <summary>The next symbol of a code from bit <c>pos</c>, and the bit after it.</summary>
        private const string Decode = """
            CREATE FUNCTION cf_decode(data bytea, INOUT pos int, counts int[], symbols int[], OUT symbol int) LANGUAGE plpgsql IMMUTABLE STRICT AS $$
            DECLARE code int := 0; first int := 0; idx int := 0; len int; cnt int;
            BEGIN
              FOR len IN 1 .. 15 LOOP
                code := code | ((get_byte(data, pos >> 3) >> (pos & 7)) & 1);
                pos := pos + 1;
                cnt := counts[len];
                IF code - cnt < first THEN
                  symbol := symbols[idx + (code - first)];
                  RETURN;
                END IF;
                idx := idx + cnt;
                first := (first + cnt) << 1;
                code := code << 1;
              END LOOP;
              RAISE EXCEPTION 'cf_decode: not a code';
            END $$;

            """;

        /// <summary>The inflate's declarations: RFC 1951's tables, the output (the dictionary first).</summary>
        private const string InflateHead = """
            CREATE FUNCTION cf_inflate(dictionary bytea, data bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
            DECLARE
              lbase int[] := '[0:28]={3,4,5,6,7,8,9,10,11,13,15,17,19,23,27,31,35,43,51,59,67,83,99,115,131,163,195,227,258}';
              lext int[] := '[0:28]={0,0,0,0,0,0,0,0,1,1,1,1,2,2,2,2,3,3,3,3,4,4,4,4,5,5,5,5,0}';
              dbase int[] := '[0:29]={1,2,3,4,5,7,9,13,17,25,33,49,65,97,129,193,257,385,513,769,1025,1537,2049,3073,4097,6145,8193,12289,16385,24577}';
              dext int[] := '[0:29]={0,0,0,0,1,1,2,2,3,3,4,4,5,5,6,6,7,7,8,8,9,9,10,10,11,11,12,12,13,13}';
              corder int[] := '[0:18]={16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1,15}';
              outb int[]; n int := length(dictionary); pos int := 0; last int := 0; btype int; i int; k int; len int; dist int; sym int;
              lengths int[]; nlen int; ndist int; ncode int; lc int[]; ls int[]; dc int[]; ds int[]; cc int[]; cs int[]; rep int; val int;
            BEGIN
              outb := array_fill(0, ARRAY[n], ARRAY[0]);
              FOR i IN 0 .. n - 1 LOOP outb[i] := get_byte(dictionary, i); END LOOP;

            """;

        /// <summary>The inflate's blocks: stored, fixed and dynamic codes; then the bytes after the dictionary.</summary>
        private const string InflateBody = """
              WHILE last = 0 LOOP
                last := cf_bits(data, pos, 1); btype := cf_bits(data, pos + 1, 2); pos := pos + 3;
                IF btype = 0 THEN
                  pos := (pos + 7) & ~7;
                  len := cf_bits(data, pos, 16); pos := pos + 32;
                  FOR i IN 0 .. len - 1 LOOP outb[n] := get_byte(data, (pos >> 3) + i); n := n + 1; END LOOP;
                  pos := pos + len * 8;
                  CONTINUE;
                ELSIF btype = 1 THEN
                  lengths := array_fill(8, ARRAY[288], ARRAY[0]);
                  FOR i IN 144 .. 255 LOOP lengths[i] := 9; END LOOP;
                  FOR i IN 256 .. 279 LOOP lengths[i] := 7; END LOOP;
                  SELECT * INTO lc, ls FROM cf_huffman(lengths);
                  SELECT * INTO dc, ds FROM cf_huffman(array_fill(5, ARRAY[30], ARRAY[0]));
                ELSIF btype = 2 THEN
                  nlen := cf_bits(data, pos, 5) + 257; ndist := cf_bits(data, pos + 5, 5) + 1; ncode := cf_bits(data, pos + 10, 4) + 4; pos := pos + 14;
                  lengths := array_fill(0, ARRAY[19], ARRAY[0]);
                  FOR i IN 0 .. ncode - 1 LOOP lengths[corder[i]] := cf_bits(data, pos, 3); pos := pos + 3; END LOOP;
                  SELECT * INTO cc, cs FROM cf_huffman(lengths);
                  lengths := array_fill(0, ARRAY[nlen + ndist], ARRAY[0]);
                  i := 0;
                  WHILE i < nlen + ndist LOOP
                    SELECT * INTO pos, sym FROM cf_decode(data, pos, cc, cs);
                    IF sym < 16 THEN
                      lengths[i] := sym; i := i + 1;
                    ELSE
                      IF sym = 16 THEN val := lengths[i - 1]; rep := 3 + cf_bits(data, pos, 2); pos := pos + 2;
                      ELSIF sym = 17 THEN val := 0; rep := 3 + cf_bits(data, pos, 3); pos := pos + 3;
                      ELSE val := 0; rep := 11 + cf_bits(data, pos, 7); pos := pos + 7;
                      END IF;
                      FOR k IN 1 .. rep LOOP lengths[i] := val; i := i + 1; END LOOP;
                    END IF;
                  END LOOP;
                  SELECT * INTO lc, ls FROM cf_huffman(lengths[0:nlen - 1]);
                  SELECT * INTO dc, ds FROM cf_huffman(lengths[nlen:nlen + ndist - 1]);
                ELSE
                  RAISE EXCEPTION 'cf_inflate: block type 3';
                END IF;
                LOOP
                  SELECT * INTO pos, sym FROM cf_decode(data, pos, lc, ls);
                  EXIT WHEN sym = 256;
                  IF sym < 256 THEN
                    outb[n] := sym; n := n + 1;
                  ELSE
                    sym := sym - 257;
                    len := lbase[sym] + cf_bits(data, pos, lext[sym]); pos := pos + lext[sym];
                    SELECT * INTO pos, sym FROM cf_decode(data, pos, dc, ds);
                    dist := dbase[sym] + cf_bits(data, pos, dext[sym]); pos := pos + dext[sym];
                    FOR k IN 1 .. len LOOP outb[n] := outb[n - dist]; n := n + 1; END LOOP;
                  END IF;
                END LOOP;
              END LOOP;
              RETURN (SELECT decode(string_agg(lpad(to_hex(outb[j]), 2, '0'), '' ORDER BY j), 'hex') FROM generate_series(length(dictionary), n - 1) j);
            END $$;
            """;
    }
}
