package reloader

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// decodePackages decodes go list -json output from r, one package at a
// time, and calls fn with each.
func decodePackages(r io.Reader, fn func(*listedPackage)) error {
	dec := json.NewDecoder(r)
	for dec.More() {
		p, err := decodePackage(dec)
		if err != nil {
			return err
		}
		fn(p)
	}
	tok, err := dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("found %v, want a package", tok)
}

// decodePackage decodes the next package from dec. Its lists are decoded
// a name at a time: decoded whole, a package embedding a hundred thousand
// files would have dec buffer megabytes of JSON at once.
func decodePackage(dec *json.Decoder) (*listedPackage, error) {
	p := new(listedPackage)
	fields := p.fields()
	if err := expect(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		switch f := fields[name].(type) {
		case *[]string:
			err = decodeList(dec, f)
		case nil:
			err = dec.Decode(new(json.RawMessage)) // a field not asked for
		default:
			err = dec.Decode(f)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return p, expect(dec, '}')
}

// fields returns pointers to the fields of p, by name: those listFields
// asks go list for.
func (p *listedPackage) fields() map[string]any {
	return map[string]any{
		"Dir": &p.Dir, "ImportPath": &p.ImportPath, "Name": &p.Name, "Standard": &p.Standard,
		"Module": &p.Module, "Match": &p.Match, "Error": &p.Error,
		"GoFiles": &p.GoFiles, "CgoFiles": &p.CgoFiles, "CFiles": &p.CFiles, "CXXFiles": &p.CXXFiles,
		"HFiles": &p.HFiles, "MFiles": &p.MFiles, "FFiles": &p.FFiles, "SFiles": &p.SFiles,
		"SwigFiles": &p.SwigFiles, "SwigCXXFiles": &p.SwigCXXFiles, "SysoFiles": &p.SysoFiles,
		"EmbedFiles": &p.EmbedFiles,
	}
}

// decodeList decodes an array of strings, or null, a string at a time
// into the empty list.
func decodeList(dec *json.Decoder, list *[]string) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("found %v, want a list", tok)
	}
	*list = []string{} // not nil, as encoding/json has it
	for dec.More() {
		var s string
		if err := dec.Decode(&s); err != nil {
			return err
		}
		*list = append(*list, s)
	}
	return expect(dec, ']')
}

// expect reads the next token of dec, which must be the delimiter want.
func expect(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("found %v, want %v", tok, want)
	}
	return nil
}
