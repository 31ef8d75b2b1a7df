// Types for the natural 6 modules imported one by one instead of through the
// package index, which loads every classifier and corpus.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(left: string, right: string, options?: { ignoreCase?: boolean }): number;
  export default JaroWinklerDistance;
}
