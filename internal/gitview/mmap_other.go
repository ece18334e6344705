//go:build !unix

package gitview

import "os"

// mapFile reads a file whole where files cannot be mapped.
func mapFile(p string) (data []byte, unmap func() error, err error) {
	data, err = os.ReadFile(p)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
