package dev.faultline.engine.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes hostile experiment files from a corpus, deterministically from a seed: the same seed gives
 * the same bytes. Every input is small (tens of KiB at most) so that thousands run in seconds.
 */
final class ExperimentMutator {
  /** What was done to a corpus file. */
  enum Kind { CORPUS, TREE, TRUNCATE, BYTES, ENCODING, NESTING, NUMBERS, YAML_ALIASES, YAML_TAGS }

  /** One input: its file name (the extension picks the syntax) and its bytes. */
  record Input(Kind kind, String name, byte[] bytes) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final String[] KEYS = {"type", "name", "provider", "tolerance", "pauses", "timeout", "ref",
      "arguments", "path", "url", "method", "rollbacks", "steady-state-hypothesis", "probes", "range", "pattern",
      "controls", "configuration", "secrets", "before", "after", "background", "func", "module", "<<", "title",
      "description", "runtime", "strategy", "target", "status", "key", "env_var_type", "default", "count", "expect"};
  private static final String[] HUGE_NUMBERS = {"1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
      "1e-400", "18446744073709551616", "1" + "0".repeat(999), "9".repeat(1200), "0.1e99999", "-0", "1.7976931348623159e308",
      "4.9e-325", "123456789012345678901234567890.5"};
  private static final String[] YAML_NUMBERS = {".inf", "-.inf", ".nan", ".NaN", "+.inf", "0x7fffffffffffffffff",
      "0o777", "1_000_000", "1e400", "2e-400"};
  private static final String[] TAGS = {"!!python/object/apply:os.system", "!!python/name:os.system", "!!binary",
      "!!set", "!!omap", "!!timestamp", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!foo",
      "!", "!<tag:example.com,2000:x>", "!!pairs", "!!merge"};
  private static final byte[][] BAD_BYTES = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
      (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80}, {0}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0x1B}, {(byte) 0xC3}};

  private static final byte[] PUNCTUATION = "{}[]:,\"'&*!-#|>%@`\n\t ".getBytes(StandardCharsets.UTF_8);

  private final List<Input> corpus;
  private final List<Object> trees = new ArrayList<>();
  private final List<String> treeNames = new ArrayList<>();

  ExperimentMutator(List<Input> corpus) {
    this.corpus = corpus;
    for (Input in : corpus) {
      try {
        Object tree = (in.name().endsWith(".json") ? JSON : YAML).readValue(in.bytes(), Object.class);
        if (tree != null) {
          trees.add(tree);
          treeNames.add(in.name());
        }
      } catch (java.io.IOException e) {
        // Broken corpus files (they are there on purpose) are still used for byte-level mutations.
      }
    }
  }

  Input make(long seed) {
    Random r = new Random(seed);
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    Input base = corpus.get(r.nextInt(corpus.size()));
    boolean asYaml = r.nextBoolean();
    String name = "fuzz-" + seed + (asYaml ? ".yaml" : ".json");
    byte[] bytes = switch (kind) {
      case CORPUS -> base.bytes();
      case TREE -> serialize(mutateTree(r), asYaml, r);
      case TRUNCATE -> java.util.Arrays.copyOf(base.bytes(), base.bytes().length == 0 ? 0 : r.nextInt(base.bytes().length));
      case BYTES -> flipBytes(base.bytes(), r);
      case ENCODING -> badEncoding(serialize(randomTree(r), asYaml, r), r);
      case NESTING -> nesting(r, asYaml);
      case NUMBERS -> numbers(serialize(randomTree(r), asYaml, r), r, asYaml);
      case YAML_ALIASES -> aliases(r);
      case YAML_TAGS -> tags(serialize(randomTree(r), true, r), r);
    };
    if (kind == Kind.CORPUS || kind == Kind.TRUNCATE || kind == Kind.BYTES) {
      name = "fuzz-" + seed + base.name().substring(base.name().lastIndexOf('.'));
    }
    if (kind == Kind.YAML_ALIASES || kind == Kind.YAML_TAGS) {
      name = "fuzz-" + seed + ".yaml";
    }
    return new Input(kind, name, bytes);
  }

  private Object randomTree(Random r) {
    return deepCopy(trees.get(r.nextInt(trees.size())));
  }

  private Object mutateTree(Random r) {
    Object tree = randomTree(r);
    int mutations = 1 + r.nextInt(6);
    for (int i = 0; i < mutations; i++) {
      tree = mutateAt(tree, r, 0);
    }
    return tree;
  }

  /** Walks to a random node and changes it: replace, delete a key, add a key, duplicate, retype. */
  @SuppressWarnings("unchecked")
  private Object mutateAt(Object node, Random r, int depth) {
    boolean here = r.nextInt(4) == 0 || depth > 12 || !(node instanceof Map || node instanceof List);
    if (!here) {
      if (node instanceof Map<?, ?> m && !m.isEmpty()) {
        Map<String, Object> map = (Map<String, Object>) m;
        List<String> keys = new ArrayList<>(map.keySet());
        String k = keys.get(r.nextInt(keys.size()));
        map.put(k, mutateAt(map.get(k), r, depth + 1));
        return map;
      }
      if (node instanceof List<?> l && !l.isEmpty()) {
        List<Object> list = (List<Object>) l;
        int i = r.nextInt(list.size());
        list.set(i, mutateAt(list.get(i), r, depth + 1));
        return list;
      }
    }
    switch (r.nextInt(7)) {
      case 0:
        return randomValue(r, 0);
      case 1:
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
          List<?> keys = new ArrayList<>(m.keySet());
          ((Map<String, Object>) m).remove(keys.get(r.nextInt(keys.size())));
        }
        return node;
      case 2:
        if (node instanceof Map<?, ?> m) {
          ((Map<String, Object>) m).put(KEYS[r.nextInt(KEYS.length)], randomValue(r, 0));
        }
        return node;
      case 3:
        if (node instanceof List<?> l) {
          List<Object> list = (List<Object>) l;
          int copies = r.nextInt(5);
          for (int i = 0; i < copies && !list.isEmpty(); i++) {
            list.add(deepCopy(list.get(r.nextInt(list.size()))));
          }
        }
        return node;
      case 4:
        return node instanceof Map ? new ArrayList<>(((Map<?, ?>) node).values()) : new ArrayList<>(java.util.Collections.singletonList(node));
      case 5:
        return String.valueOf(node);
      default:
        return null;
    }
  }

  private Object randomValue(Random r, int depth) {
    switch (r.nextInt(depth > 3 ? 6 : 9)) {
      case 0:
        return null;
      case 1:
        return r.nextBoolean();
      case 2:
        return r.nextInt(7) - 2;
      case 3:
        return r.nextBoolean() ? r.nextDouble() * 1e6 : -r.nextDouble();
      case 4:
        return new BigInteger(80, r);
      case 5:
        return new String[] {"", "probe", "action", "process", "http", "python", "${x}", "$${x}", "range", "regex",
            "jsonpath", "probe", "true", "é\u0000\u202e", "\ud83d\ude00", "a\nb"}[r.nextInt(16)];
      case 6: {
        List<Object> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.add(randomValue(r, depth + 1));
        }
        return l;
      }
      default: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          m.put(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
        }
        return m;
      }
    }
  }

  private static byte[] serialize(Object tree, boolean asYaml, Random r) {
    try {
      return (asYaml ? YAML : JSON).writeValueAsBytes(tree);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a tree from the corpus always serializes", e);
    }
  }

  private static byte[] flipBytes(byte[] in, Random r) {
    List<Byte> out = new ArrayList<>(in.length + 16);
    for (byte b : in) {
      out.add(b);
    }
    int edits = 1 + r.nextInt(10);
    for (int e = 0; e < edits; e++) {
      int at = out.isEmpty() ? 0 : r.nextInt(out.size());
      switch (r.nextInt(4)) {
        case 0 -> {
          if (!out.isEmpty()) {
            out.set(at, (byte) (out.get(at) ^ (1 << r.nextInt(8))));
          }
        }
        case 1 -> out.add(at, (byte) r.nextInt(256));
        case 2 -> {
          if (!out.isEmpty()) {
            out.remove(at);
          }
        }
        default -> out.add(at, PUNCTUATION[r.nextInt(PUNCTUATION.length)]);
      }
    }
    byte[] b = new byte[out.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = out.get(i);
    }
    return b;
  }

  private static byte[] badEncoding(byte[] in, Random r) {
    switch (r.nextInt(4)) {
      case 0: { // UTF-16 with a byte-order mark, sometimes cut in the middle of a unit
        String s = new String(in, StandardCharsets.UTF_8);
        boolean le = r.nextBoolean();
        byte[] body = s.getBytes(le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        byte[] out = new byte[body.length + 2 - (r.nextBoolean() ? 1 : 0)];
        out[0] = (byte) (le ? 0xFF : 0xFE);
        out[1] = (byte) (le ? 0xFE : 0xFF);
        System.arraycopy(body, 0, out, 2, out.length - 2);
        if (r.nextBoolean() && out.length > 6) { // a lone surrogate
          int at = 2 + 2 * r.nextInt((out.length - 4) / 2);
          out[at + (le ? 1 : 0)] = (byte) 0xD8;
        }
        return out;
      }
      case 1: // UTF-16 without a byte-order mark (read as UTF-8: NUL bytes)
        return new String(in, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
      default: {
        byte[] bad = BAD_BYTES[r.nextInt(BAD_BYTES.length)];
        int at = in.length == 0 ? 0 : r.nextInt(in.length);
        byte[] out = new byte[in.length + bad.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(in, at, out, at + bad.length, in.length - at);
        return out;
      }
    }
  }

  private static byte[] nesting(Random r, boolean asYaml) {
    int levels = r.nextBoolean() ? 90 + r.nextInt(20) : 1 + r.nextInt(3_000);
    StringBuilder s = new StringBuilder("{\"title\": \"t\", \"description\": \"d\", \"method\": [{\"type\": \"action\", "
        + "\"name\": \"n\", \"provider\": {\"type\": \"process\", \"path\": \"true\", \"arguments\": ");
    boolean objects = r.nextBoolean();
    for (int i = 0; i < levels; i++) {
      s.append(objects ? "{\"a\": " : "[");
    }
    s.append("1");
    int close = r.nextInt(4) == 0 ? r.nextInt(levels + 1) : levels; // sometimes unbalanced
    for (int i = 0; i < close; i++) {
      s.append(objects ? "}" : "]");
    }
    s.append("}}]}");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces some number literals (or string values) with huge, tiny or non-finite ones. */
  private static byte[] numbers(byte[] in, Random r, boolean asYaml) {
    String s = new String(in, StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(asYaml ? "(?<=: )(-?\\d+(\\.\\d+)?|\"[^\"]*\"|'[^']*')$"
        : "(?<=: )(-?\\d+(\\.\\d+)?|\"[^\"]*\")", java.util.regex.Pattern.MULTILINE).matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (r.nextInt(3) == 0) {
        String n = asYaml && r.nextBoolean() ? YAML_NUMBERS[r.nextInt(YAML_NUMBERS.length)]
            : HUGE_NUMBERS[r.nextInt(HUGE_NUMBERS.length)];
        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(n));
      }
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** YAML with anchors, aliases and merge keys, well and badly formed, up to a small billion laughs. */
  private static byte[] aliases(Random r) {
    StringBuilder s = new StringBuilder("title: aliases\ndescription: d\n");
    s.append("defaults: &d {type: process, path: \"true\"}\n");
    s.append("args: &args [a, b]\n");
    switch (r.nextInt(6)) {
      case 0 -> { // laughs: levels x width, sometimes beyond the bound
        int width = 2 + r.nextInt(12);
        int levels = 2 + r.nextInt(8);
        s.append("l0: &l0 [").append("lol, ".repeat(width - 1)).append("lol]\n");
        for (int i = 1; i < levels; i++) {
          s.append("l").append(i).append(": &l").append(i).append(" [")
              .append(("*l" + (i - 1) + ", ").repeat(width - 1)).append("*l").append(i - 1).append("]\n");
        }
      }
      case 1 -> s.append("self: &self [*self]\n");
      case 2 -> s.append("x: *").append(r.nextBoolean() ? "nowhere" : "args").append('\n');
      case 3 -> s.append("m:\n  <<: ").append(new String[] {"*d", "*args", "[*d, *d]", "1", "~", "*nope", "[1, *d]"}
          [r.nextInt(7)]).append("\n  path: x\n");
      case 4 -> s.append("a: &a &b 1\n");
      default -> s.append("reuse: &d {type: http}\nz: *d\n");
    }
    s.append("method:\n  - type: action\n    name: n\n    provider:\n      <<: *d\n      arguments: ")
        .append(r.nextBoolean() ? "*args" : "*d").append('\n');
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Puts tags before some values of a YAML text. */
  private static byte[] tags(byte[] yaml, Random r) {
    String[] lines = new String(yaml, StandardCharsets.UTF_8).split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      int colon = line.indexOf(": ");
      if (colon > 0 && r.nextInt(4) == 0) {
        out.append(line, 0, colon + 2).append(TAGS[r.nextInt(TAGS.length)]).append(' ').append(line.substring(colon + 2));
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return out;
    }
    return o;
  }
}
