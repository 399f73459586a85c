//go:build !unix

package frontend

func readFile(path string, maxSize int64) ([]byte, error) { return readFileOS(path, maxSize) }
