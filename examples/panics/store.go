package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
)

// Order is a value the /value route panics with.
type Order struct {
	ID    int
	Items []string
	Total float64
}

// User is a user of the Store.
type User struct {
	ID   int
	Name string
}

// Store holds users.
type Store struct {
	users map[int]User
}

// NewStore returns a Store with one user.
func NewStore() *Store {
	return &Store{users: map[int]User{1: {ID: 1, Name: "ann"}}}
}

// User returns the user with the given ID.
func (s *Store) User(id int) User {
	return s.users[id]
}

// ErrNotFound is wrapped by Load when there is no such user.
var ErrNotFound = errors.New("not found")

// Load loads the user whose ID is the decimal id.
func (s *Store) Load(id string) (User, error) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return User{}, fmt.Errorf("load user %q: %w", id, err)
	}
	u, ok := s.users[n]
	if !ok {
		cause := &fs.PathError{Op: "open", Path: "users/" + id + ".json", Err: fs.ErrNotExist}
		return User{}, fmt.Errorf("load user %d: %w", n, errors.Join(ErrNotFound, cause))
	}
	return u, nil
}
