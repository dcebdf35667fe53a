# expect: accepted
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense, SimpleRNN

model = Sequential([Input(shape=(3, 2)), SimpleRNN(units=4), Dense(units=1)])
