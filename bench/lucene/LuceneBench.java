// The Lucene peer of `medoracle eval`: indexes a collection.tsv ("id<TAB>text") with
// EnglishAnalyzer, searches topics.tsv ("qid<TAB>text") with BM25 (k1=0.9, b=0.4, the
// Anserini defaults), writes a TREC run (top DEPTH per topic) and prints per-query latency,
// single thread, after an untimed warm-up pass: of the DEPTH search (ids only), and of a
// top-10 search that also fetches the stored text (what an answer needs).
//
// Usage: java -cp <lucene jars>:. LuceneBench COLLECTION TOPICS RUN_OUT INDEX_DIR [DEPTH] [TAG]
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public class LuceneBench {
  // A bag-of-words OR query of the analysed text (as Anserini's BagOfWordsQueryGenerator:
  // a repeated word is a repeated clause, so it counts once per occurrence).
  static Query bagOfWords(Analyzer analyzer, String text) throws Exception {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    try (TokenStream ts = analyzer.tokenStream("contents", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) b.add(new TermQuery(new Term("contents", term.toString())), BooleanClause.Occur.SHOULD);
      ts.end();
    }
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: LuceneBench COLLECTION TOPICS RUN_OUT INDEX_DIR [DEPTH] [TAG]");
      System.exit(2);
    }
    final int depth = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    final String tag = args.length > 5 ? args[5] : "lucene-bm25";
    Analyzer analyzer = new EnglishAnalyzer();
    BM25Similarity bm25 = new BM25Similarity(0.9f, 0.4f);
    Path indexPath = Paths.get(args[3]);
    long t0 = System.nanoTime();
    long docs = 0;
    try (FSDirectory dir = FSDirectory.open(indexPath)) {
      IndexWriterConfig config = new IndexWriterConfig(analyzer);
      config.setSimilarity(bm25);
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      config.setRAMBufferSizeMB(512);
      try (IndexWriter writer = new IndexWriter(dir, config);
           BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          int tab = line.indexOf('\t');
          if (tab <= 0) continue;
          Document d = new Document();
          d.add(new StringField("id", line.substring(0, tab), Field.Store.YES));
          // Stored, so the timed top-10 search returns the passage text as medoracle's does.
          d.add(new TextField("contents", line.substring(tab + 1), Field.Store.YES));
          writer.addDocument(d);
          docs++;
        }
        writer.forceMerge(1);
      }
    }
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    long bytes = 0;
    try (var files = Files.list(indexPath)) {
      for (Path p : (Iterable<Path>) files::iterator) bytes += Files.size(p);
    }

    List<String[]> topics = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) topics.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
    }
    try (FSDirectory dir = FSDirectory.open(indexPath); DirectoryReader reader = DirectoryReader.open(dir);
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[2]), StandardCharsets.UTF_8))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(bm25);
      // Warm-up pass (JIT, page cache), not timed; then the timed pass writes the run.
      for (String[] t : topics) searcher.search(bagOfWords(analyzer, t[1]), depth);
      double[] ms = new double[topics.size()];
      double[] ms10 = new double[topics.size()];
      for (int i = 0; i < topics.size(); ++i) {
        String[] t = topics.get(i);
        long s = System.nanoTime();
        Query q = bagOfWords(analyzer, t[1]);
        TopDocs top = searcher.search(q, depth);
        ms[i] = (System.nanoTime() - s) / 1e6;
        s = System.nanoTime();
        long chars = 0;
        for (ScoreDoc sd : searcher.search(bagOfWords(analyzer, t[1]), 10).scoreDocs) {
          Document hit = searcher.doc(sd.doc);
          chars += hit.get("id").length() + hit.get("contents").length();
        }
        ms10[i] = (System.nanoTime() - s) / 1e6;
        if (chars < 0) System.out.println();  // keeps the fetch from being optimised away
        int rank = 0;
        for (ScoreDoc sd : top.scoreDocs) {
          String id = searcher.doc(sd.doc).get("id");
          out.printf("%s Q0 %s %d %.6f %s%n", t[0], id, ++rank, sd.score, tag);
        }
      }
      Arrays.sort(ms);
      Arrays.sort(ms10);
      System.out.printf("lucene: %d documents indexed in %.1f s, %.1f MB; %d topics; depth %d: p50 %.2f ms, p95 %.2f ms, "
              + "mean %.2f ms; top 10 with text: p50 %.2f ms, p95 %.2f ms, mean %.2f ms, p99 %.2f ms%n",
          docs, indexSeconds, bytes / 1e6, topics.size(), depth, pct(ms, 50), pct(ms, 95), mean(ms), pct(ms10, 50),
          pct(ms10, 95), mean(ms10), pct(ms10, 99));
    }
  }

  // Nearest-rank percentile of sorted values (as medoracle's eval computes it).
  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return v.length == 0 ? 0 : s / v.length;
  }
}
