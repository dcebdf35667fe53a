# expect: wrong_answer
# feedback: Expected output shape (1, 3, 4)
from tensorflow.keras.layers import Dense, SimpleRNN, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(TimeDistributed(Dense(8, activation="softmax")))
